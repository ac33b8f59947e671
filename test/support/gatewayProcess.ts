import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
/** Child process output, kept for reading after a failure. */
export const logDir = path.join(repoRoot, 'test-results', 'e2e-logs');

export interface RunningGateway {
  /** e.g. http://127.0.0.1:41234 (no trailing slash); DICOMweb is at `${url}/dicomweb`. */
  url: string;
  pid: number;
  /** SIGTERM, then SIGKILL after a grace period. Safe to call twice. */
  stop(): Promise<void>;
}

export interface GatewayOptions {
  /** Wait for /healthz to answer 200; false for a gateway whose upstream is down on purpose. */
  healthy?: boolean;
  timeoutMs?: number;
}

/**
 * Starts `src/server/main.ts` as a child process on a port the OS picks, serving the built app
 * from dist/. Resolves once the gateway says where it listens and (by default) /healthz says ok.
 */
export async function startGateway(
  name: string,
  env: Record<string, string>,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  const { healthy = true, timeoutMs = 120_000 } = options;
  await mkdir(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, `${name}.log`));
  // node --import tsx (not npx): the PID we hold is the gateway itself, so stopping it stops it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      STATIC_DIR: path.join(repoRoot, 'dist'),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Could not start the ${name} gateway`);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= new Promise<void>((resolve) => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        log.end();
        resolve();
      });
      child.kill('SIGTERM');
    });
    return stopped;
  };

  child.stderr.pipe(log, { end: false });
  const listening = new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      // Fastify logs "Server listening at http://127.0.0.1:PORT" once the socket is bound.
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code, signal) =>
      reject(
        new Error(
          `The ${name} gateway exited (${signal ?? code}) before listening; see ${path.join(logDir, `${name}.log`)}`,
        ),
      ),
    );
  });

  try {
    const url = await withTimeout(listening, timeoutMs, `The ${name} gateway did not start within ${timeoutMs} ms`);
    if (healthy) await waitForHealth(url, timeoutMs);
    return { url, pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not answering yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url}/healthz did not answer 200 within ${timeoutMs} ms`);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
