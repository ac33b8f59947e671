import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startGateway } from './gatewayProcess';
import { runCli } from './runCli';
import { adminEnv } from './signIn';

export interface ClockedGateway {
  /** e.g. http://127.0.0.1:41234, serving dist/ and the archive, E2E_ADMIN its administrator. */
  url: string;
  /** Moves the gateway's clock forward; returns its time now (ms since the epoch). */
  advanceClock(ms: number): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A gateway on the embedded archive holding `files`, whose clock the test moves forward
 * (test/support/clockedGatewayMain.ts): expiries are reached at once instead of waited out.
 */
export async function startClockedGateway(name: string, files: readonly string[]): Promise<ClockedGateway> {
  const workDir = await mkdtemp(path.join(tmpdir(), `secondread-${name}-`));
  try {
    await runCli(`${name}-import`, 'src/server/cli/import.ts', files, { DATA_DIR: workDir });
    let controlUrl: string | undefined;
    const gateway = await startGateway(
      name,
      { ...adminEnv(), DATA_DIR: workDir, DEMO_STUDIES: 'false' },
      {
        entry: ['--import', 'tsx', 'test/support/clockedGatewayMain.ts'],
        onLine: (line) => (controlUrl ??= /^Clock control at (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1]),
      },
    );
    const stop = async () => {
      await gateway.stop();
      await rm(workDir, { recursive: true, force: true });
    };
    if (controlUrl === undefined) {
      await stop();
      throw new Error(`The ${name} gateway did not print its clock control address`);
    }
    const advanceClock = async (ms: number) => {
      const response = await fetch(`${controlUrl}/advance?ms=${ms}`, { method: 'POST' });
      if (!response.ok) throw new Error(`Moving the ${name} gateway's clock failed: HTTP ${response.status}`);
      return ((await response.json()) as { now: number }).now;
    };
    return { url: gateway.url, advanceClock, stop };
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}
