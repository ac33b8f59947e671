import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
/** The gateway built to JavaScript, as `npm start` runs it. */
export const builtGateway = path.join(repoRoot, 'dist-server', 'main.js');
/** Child process output, kept for reading after a failure. */
export const logDir = path.join(repoRoot, 'test-results', 'e2e-logs');

export interface RunningGateway {
  /** e.g. http://127.0.0.1:41234 (no trailing slash); DICOMweb is at `${url}/dicomweb`. */
  url: string;
  pid: number;
  /** SIGTERM, then SIGKILL after a grace period. Safe to call twice. */
  stop(): Promise<void>;
}

interface GatewayOptions {
  /** Wait for /healthz to answer 200; false for a gateway whose upstream is down on purpose. */
  healthy?: boolean;
  timeoutMs?: number;
  /** Node arguments that start a test-only entry (test/support/clockedGatewayMain.ts) instead of the built gateway. */
  entry?: readonly string[];
  /** Sees every line the gateway prints on standard output (after it is written to the log). */
  onLine?: (line: string) => void;
  /** The certificate of a gateway given TLS_CERT_FILE: its URL is then https and /healthz is asked over TLS trusting it. */
  tlsCa?: Buffer;
}

/**
 * Starts the built gateway (dist-server/main.js, brought up to date first) as a child process on
 * a port the OS picks, serving the built app from dist/. Resolves once the gateway says where it
 * listens and (by default) /healthz says ok.
 */
export async function startGateway(
  name: string,
  env: Record<string, string>,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  const {
    healthy = true,
    timeoutMs = 120_000,
    entry = ['--enable-source-maps', builtGateway],
    onLine,
    tlsCa,
  } = options;
  await ensureServerBuild();
  await mkdir(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, `${name}.log`));
  // node itself (not npm start): the PID we hold is the gateway itself, so stopping it stops it.
  const child = spawn(process.execPath, entry, {
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
      onLine?.(line);
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
    const listeningAt = await withTimeout(
      listening,
      timeoutMs,
      `The ${name} gateway did not start within ${timeoutMs} ms`,
    );
    // Fastify names the TLS gateway's address http:// too.
    const url = tlsCa === undefined ? listeningAt : listeningAt.replace(/^http:/, 'https:');
    if (healthy) await waitForHealth(url, timeoutMs, tlsCa);
    return { url, pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

let serverBuild: Promise<unknown> | undefined;

/**
 * Runs scripts/buildServer.mjs once per process: nothing to do after `npm test`'s build step, a
 * rebuild when a source changed since, so a test never runs a stale gateway.
 */
function ensureServerBuild(): Promise<unknown> {
  serverBuild ??= promisify(execFile)(process.execPath, [path.join(repoRoot, 'scripts', 'buildServer.mjs')], {
    cwd: repoRoot,
  }).catch((failure: unknown) => {
    const error = failure as { stdout?: string; stderr?: string };
    throw new Error(`Building the gateway failed:\n${error.stderr ?? ''}${error.stdout ?? ''}`);
  });
  return serverBuild;
}

async function waitForHealth(url: string, timeoutMs: number, tlsCa: Buffer | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (tlsCa !== undefined) {
        if ((await httpsStatus(`${url}/healthz`, tlsCa)) === 200) return;
      } else {
        const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        await response.arrayBuffer();
        if (response.ok) return;
      }
    } catch {
      // Not answering yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url}/healthz did not answer 200 within ${timeoutMs} ms`);
}

/** The status of a GET over https trusting `ca` (fetch cannot be given a CA). */
function httpsStatus(url: string, ca: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, { ca, timeout: 2_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 2 s')));
    request.on('error', reject);
    request.end();
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
