import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const ADMIN = { username: 'durability', password: 'durability-test-password' };
const root = path.resolve(import.meta.dirname, '..', '..');

export interface Gateway {
  base: string;
  port: number;
  pid: number;
  /** What the process printed, for failure messages. */
  output: () => string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A port the OS just handed out and released (loopback only). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('No port');
  return address.port;
}

/** Starts `node --import tsx src/server/main.ts` on the embedded archive and waits for /healthz. */
export async function startGateway(dataDir: string, port: number): Promise<Gateway> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      DEMO_STUDIES: 'false',
      LOG_LEVEL: 'warn',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gateway: Gateway = {
    base: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  await waitForHealth(gateway, child);
  return gateway;
}

async function waitForHealth(gateway: Gateway, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The gateway exited with ${child.exitCode}:\n${gateway.output()}`);
    try {
      const response = await fetch(`${gateway.base}/healthz`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await gateway.kill('SIGKILL');
  throw new Error(`The gateway did not become healthy:\n${gateway.output()}`);
}

/** Signs in as the first admin; returns the headers a STOW-RS request needs (cookie, CSRF, origin). */
export async function adminHeaders(gateway: Gateway): Promise<Record<string, string>> {
  const response = await fetch(`${gateway.base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: gateway.base },
    body: JSON.stringify(ADMIN),
  });
  if (response.status !== 200) throw new Error(`Login failed: ${response.status} ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, 'x-csrf-token': csrfToken, origin: gateway.base };
}
