import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { logDir, repoRoot } from './gatewayProcess';

/**
 * Runs one of the gateway's command-line tools (src/server/cli/*.ts) to completion and returns
 * its standard output; the full output is also kept in test-results/e2e-logs/<name>.log.
 * `input` is written to its standard input (user:add reads the password there).
 */
export async function runCli(
  name: string,
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  input?: string,
): Promise<string> {
  await mkdir(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(input ?? '');
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    log.write(chunk);
  });
  child.stderr.pipe(log, { end: false });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  log.end();
  if (code !== 0) throw new Error(`${script} exited with ${code}; see ${logFile}`);
  return output;
}
