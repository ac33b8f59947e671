import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A throwaway Orthanc (Debian 1.10.1 + DICOMweb plugin) for integration tests: own temp dir,
 * own loopback ports, stopped by PID. Never touches a developer's running Orthanc.
 */

const ORTHANC_BINARY = process.env.ORTHANC_BINARY ?? '/usr/sbin/Orthanc';
const DICOMWEB_PLUGIN = process.env.ORTHANC_DICOMWEB_PLUGIN ?? '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';
const LOOPBACK_SHIM_SOURCE = path.join(import.meta.dirname, '..', 'orthanc', 'loopbackBind.c');

interface OrthancOptions {
  /** Turns on HTTP basic authentication with these users (name → password). */
  users?: Record<string, string>;
  /** How long to wait for the HTTP API to answer; default 30 s. */
  startTimeoutMs?: number;
}

export interface RunningOrthanc {
  /** DICOMweb root, e.g. http://127.0.0.1:41234/dicom-web (no trailing slash). */
  baseUrl: string;
  /** Orthanc REST root, e.g. http://127.0.0.1:41234. */
  restUrl: string;
  pid: number;
  /** Orthanc's log (inside the temp dir, so gone after stop()). */
  logFile: string;
  /** SIGTERM, then SIGKILL after a grace period; removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts Orthanc and resolves once its REST API answers; a port lost to a race is retried. */
export async function startOrthanc(options: OrthancOptions = {}): Promise<RunningOrthanc> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      lastError = error;
      if (!(error instanceof OrthancExitedEarly)) break;
    }
  }
  throw lastError;
}

class OrthancExitedEarly extends Error {
  override name = 'OrthancExitedEarly';
}

async function startOnce(options: OrthancOptions): Promise<RunningOrthanc> {
  const dir = await mkdtemp(path.join(tmpdir(), 'secondread-orthanc-'));
  const [httpPort, dicomPort] = [await freePort(), await freePort()];
  const authenticated = options.users !== undefined;
  const config = {
    Name: 'secondread-test',
    StorageDirectory: path.join(dir, 'db'),
    IndexDirectory: path.join(dir, 'db'),
    HttpPort: httpPort,
    // Newer Orthanc releases honour this; 1.10.1 ignores it, hence the loopback shim below.
    HttpBindAddress: '127.0.0.1',
    RemoteAccessAllowed: false,
    DicomServerEnabled: false,
    DicomPort: dicomPort,
    AuthenticationEnabled: authenticated,
    RegisteredUsers: options.users ?? {},
    OrthancExplorerEnabled: false,
    WebDavEnabled: false,
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false },
  };
  const configPath = path.join(dir, 'orthanc.json');
  const logPath = path.join(dir, 'orthanc.log');
  await writeFile(configPath, JSON.stringify(config, null, 2));

  const child = spawn(ORTHANC_BINARY, [`--logfile=${logPath}`, configPath], {
    cwd: dir,
    stdio: 'ignore',
    env: { ...process.env, LD_PRELOAD: await loopbackShim() },
  });
  const pid = child.pid;
  if (pid === undefined) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`Could not start ${ORTHANC_BINARY}`);
  }
  // If the test process dies without calling stop(), do not leave Orthanc behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const restUrl = `http://127.0.0.1:${httpPort}`;
  const authorization = authenticated ? basicAuthorization(Object.entries(options.users ?? {})[0]) : undefined;
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      process.removeListener('exit', killOnExit);
      await terminate(child);
      await rm(dir, { recursive: true, force: true });
    })();
    return stopped;
  };

  try {
    await waitUntilReady(child, restUrl, authorization, options.startTimeoutMs ?? 30_000, logPath);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl: `${restUrl}/dicom-web`, restUrl, pid, logFile: logPath, stop };
}

export interface LoadReport {
  stored: number;
  /** Files Orthanc refused, with its HTTP status (it rejects some valid but unusual files). */
  rejected: { file: string; status: number }[];
}

/** Uploads Part 10 files through Orthanc's REST API (POST /instances), a few at a time. */
export async function loadIntoOrthanc(
  restUrl: string,
  files: readonly string[],
  options: { concurrency?: number; user?: string; password?: string } = {},
): Promise<LoadReport> {
  const headers: Record<string, string> = { 'content-type': 'application/dicom' };
  if (options.user !== undefined) headers.authorization = basicAuthorization([options.user, options.password ?? '']);
  const report: LoadReport = { stored: 0, rejected: [] };
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const response = await fetch(`${restUrl}/instances`, { method: 'POST', headers, body: await readFile(file) });
      await response.arrayBuffer();
      if (response.ok) report.stored++;
      else report.rejected.push({ file, status: response.status });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return report;
}

function basicAuthorization(entry: [string, string] | undefined): string {
  const [user, password] = entry ?? ['', ''];
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/**
 * Builds test/orthanc/loopbackBind.c once per source version into the temp dir: Orthanc 1.10 has no
 * bind-address setting, and test servers must not listen beyond loopback.
 */
async function loopbackShim(): Promise<string> {
  const source = await readFile(LOOPBACK_SHIM_SOURCE);
  const library = path.join(
    tmpdir(),
    `secondread-loopback-bind-${createHash('sha256').update(source).digest('hex').slice(0, 12)}.so`,
  );
  if (existsSync(library)) return library;
  // Built under a unique name, then renamed: parallel test processes may race here.
  const building = `${library}.${process.pid}.tmp`;
  try {
    await promisify(execFile)('cc', ['-shared', '-fPIC', '-O2', '-o', building, LOOPBACK_SHIM_SOURCE, '-ldl']);
  } catch (error) {
    throw new Error(`Could not build the Orthanc loopback shim with cc (install a C compiler): ${String(error)}`);
  }
  await rename(building, library);
  return library;
}

/** A port the OS says is free right now; Orthanc binds it a moment later (hence the retry above). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('No free port'))));
    });
  });
}

async function waitUntilReady(
  child: ChildProcess,
  restUrl: string,
  authorization: string | undefined,
  timeoutMs: number,
  logPath: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // A property, not a `let`: the type checker would narrow a `let` to its initial false.
  const state = { exited: false };
  child.once('exit', () => (state.exited = true));
  while (Date.now() < deadline) {
    if (state.exited) throw new OrthancExitedEarly(`Orthanc exited during start-up.\n${await logTail(logPath)}`);
    try {
      const response = await fetch(`${restUrl}/system`, {
        headers: authorization === undefined ? {} : { authorization },
        signal: AbortSignal.timeout(1_000),
      });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Orthanc did not answer at ${restUrl} within ${timeoutMs} ms.\n${await logTail(logPath)}`);
}

async function logTail(logPath: string, lines = 20): Promise<string> {
  const text = await readFile(logPath, 'utf8').catch(() => '(no log written)');
  return text.split('\n').slice(-lines).join('\n');
}

async function terminate(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
