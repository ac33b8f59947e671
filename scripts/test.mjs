// `npm test`: every test, in order: lint and type check (side by side), vitest (unit + integration with Orthanc),
// web build, gateway build, Playwright end to end. Runs every step even after a failure, then
// prints one summary line and exits non-zero if anything failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'test-results');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
mkdirSync(results, { recursive: true });

const vitestJson = path.join(results, 'vitest.json');
const playwrightJson = path.join(results, 'playwright.json');
rmSync(vitestJson, { force: true });
rmSync(playwrightJson, { force: true });

// Each stage runs after the one before; the steps of a stage run side by side, their output held
// back and printed whole, one after the other. Lint and the type check each keep one core busy
// and read nothing the other writes, so on two cores they take the time of the longer one.
const stages = [
  [
    // ESLint (type-aware rules and the import boundaries) and Prettier, as `npm run lint`.
    { name: 'lint', cmd: 'npm', args: ['run', '--silent', 'lint'] },
    { name: 'typecheck', cmd: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  ],
  {
    name: 'vitest',
    cmd: bin('vitest'),
    args: ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
  },
  { name: 'build', cmd: bin('vite'), args: ['build', '--logLevel', 'warn'] },
  // Playwright runs the gateway built to JavaScript, as `npm start` does.
  { name: 'build-server', cmd: process.execPath, args: [path.join(root, 'scripts', 'buildServer.mjs')] },
  {
    name: 'playwright',
    cmd: bin('playwright'),
    args: ['test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
  },
].map((stage) => [stage].flat());

/** Runs one step; its output goes straight to the terminal, or (held) comes back as text. */
function runStep(step, { held }) {
  const started = Date.now();
  const child = spawn(step.cmd, step.args, {
    cwd: root,
    stdio: held ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    env: { ...process.env, ...step.env },
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const seconds = () => ((Date.now() - started) / 1000).toFixed(0);
  return new Promise((resolve) => {
    // A command that cannot start (missing binary) fails its step like a non-zero exit.
    child.once('error', (error) =>
      resolve({ step, ok: false, output: `${output}${error.message}\n`, seconds: seconds() }),
    );
    child.once('close', (code) => resolve({ step, ok: code === 0, output, seconds: seconds() }));
  });
}

const failedSteps = [];
for (const stage of stages) {
  const held = stage.length > 1;
  if (held) console.log(`\n=== ${stage.map((step) => step.name).join(' + ')}, side by side ===`);
  else console.log(`\n=== ${stage[0].name} ===`);
  const runs = await Promise.all(stage.map((step) => runStep(step, { held })));
  for (const { step, ok, output, seconds } of runs) {
    if (held) process.stdout.write(`\n--- ${step.name} ---\n${output}`);
    console.log(`=== ${step.name}: ${ok ? 'ok' : 'FAILED'} (${seconds} s) ===`);
    if (!ok) failedSteps.push(step.name);
  }
}

/** The failed tests a vitest (Jest-shaped) JSON report names, and files that failed before any test ran. */
function vitestFailures(report) {
  return (report.testResults ?? []).flatMap((file) => {
    const where = path.relative(root, file.name ?? '');
    const tests = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    if (tests.length === 0 && file.status === 'failed') return [`${where}: ${firstLine(file.message)}`];
    return tests.map((test) => `${where} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
  });
}

/** The tests Playwright's JSON report marks unexpected (failed on every try), walking its nested suites. */
function playwrightFailures(suite) {
  const own = (suite.specs ?? []).flatMap((spec) =>
    (spec.tests ?? [])
      .filter((test) => test.status === 'unexpected')
      .map((test) => `${spec.file}:${spec.line} › ${spec.title}: ${firstLine(test.results?.at(-1)?.error?.message)}`),
  );
  return [...own, ...(suite.suites ?? []).flatMap(playwrightFailures)];
}

// The messages carry the reporters' colour codes (ESC [ … m).
const COLOUR_CODE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const firstLine = (text) => (text ?? '').replace(COLOUR_CODE, '').trim().split('\n')[0].slice(0, 240);

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  failures.push(...vitestFailures(report));
}
if (existsSync(playwrightJson)) {
  const report = JSON.parse(readFileSync(playwrightJson, 'utf8'));
  const stats = report.stats ?? {};
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  failed += stats.unexpected ?? 0;
  skipped += stats.skipped ?? 0;
  failures.push(...(report.suites ?? []).flatMap(playwrightFailures));
}
// Named again at the very end: CI shows the tail of the log, and the reporters' own lists scroll out of it.
if (failures.length > 0) console.log(`\nFailed tests:\n${failures.map((line) => `  ${line}`).join('\n')}`);
if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length > 0 || failed > 0 ? 1 : 0);
