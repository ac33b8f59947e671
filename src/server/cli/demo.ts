// `npm run demo -- <outDir> [--ct-slices N] [--ct-matrix N] [--studies ct-phantom,mr-head,us-cine,dx-chest]`:
// writes the generated demo studies as Part 10 files, <outDir>/<study>/<NNNN>.dcm, for
// benchmarks, imports and checks with dcmtk.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_STUDY_KEYS, generateDemoStudies, type DemoStudyKey } from '../demo';

const USAGE =
  'usage: npm run demo -- <outDir> [--ct-slices N] [--ct-matrix N] [--studies ' + DEMO_STUDY_KEYS.join(',') + ']';

interface DemoCommand {
  readonly outDir: string;
  readonly studies: readonly DemoStudyKey[];
  readonly ctSlices: number | undefined;
  readonly ctMatrix: number | undefined;
}

function positiveInteger(name: string, value: string | undefined, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^[0-9]+$/.test(value) || number < 1 || number > 4096) {
    problems.push(`--${name} must be an integer from 1 to 4096, got "${value}"`);
    return undefined;
  }
  return number;
}

function isStudyKey(value: string): value is DemoStudyKey {
  return (DEMO_STUDY_KEYS as readonly string[]).includes(value);
}

/** The command line as a typed command, or every problem with it. */
function parseCommand(argv: readonly string[]): DemoCommand | { problems: string[] } {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { 'ct-slices': { type: 'string' }, 'ct-matrix': { type: 'string' }, studies: { type: 'string' } },
    });
  }
  try {
    parsed = parse();
  } catch (error) {
    return { problems: [error instanceof Error ? error.message : String(error)] };
  }
  const problems: string[] = [];
  const [outDir, ...extra] = parsed.positionals;
  if (outDir === undefined) problems.push('the output folder is missing');
  if (extra.length > 0) problems.push(`unexpected arguments: ${extra.join(' ')}`);
  const ctSlices = positiveInteger('ct-slices', parsed.values['ct-slices'], problems);
  const ctMatrix = positiveInteger('ct-matrix', parsed.values['ct-matrix'], problems);
  const requested = parsed.values.studies?.split(',').map((name) => name.trim()) ?? [...DEMO_STUDY_KEYS];
  const unknown = requested.filter((name) => !isStudyKey(name));
  if (unknown.length > 0)
    problems.push(`unknown studies: ${unknown.join(', ')} (known: ${DEMO_STUDY_KEYS.join(', ')})`);
  if (problems.length > 0 || outDir === undefined) return { problems };
  return { outDir: path.resolve(outDir), studies: requested.filter(isStudyKey), ctSlices, ctMatrix };
}

async function main(): Promise<void> {
  const command = parseCommand(process.argv.slice(2));
  if ('problems' in command) {
    for (const problem of command.problems) console.error(`demo: ${problem}`);
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  const counts = new Map<DemoStudyKey, number>();
  let bytes = 0;
  const instances = generateDemoStudies({
    studies: command.studies,
    ct: { slices: command.ctSlices, rows: command.ctMatrix, columns: command.ctMatrix },
  });
  for (const instance of instances) {
    const count = (counts.get(instance.study) ?? 0) + 1;
    counts.set(instance.study, count);
    const folder = path.join(command.outDir, instance.study);
    if (count === 1) await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, `${String(count).padStart(4, '0')}.dcm`), instance.file);
    bytes += instance.file.byteLength;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const summary = [...counts].map(([study, count]) => `${study} ${count}`).join(', ');
  console.log(`demo: wrote ${summary} (${(bytes / 1e6).toFixed(1)} MB) to ${command.outDir} in ${seconds} s`);
}

await main();
