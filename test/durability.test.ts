import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../src/server/archive/archive';
import { silentLogger } from '../src/server/archive/logger';
import { checkConsistency } from './support/archive/consistency';
import { entryFiles, manifest } from './support/corpus';
import { adminHeaders, freePort, startGateway, type Gateway } from './durability/gateway';
import { stowUpload } from './durability/stowStream';

/**
 * The gateway as a child process, killed with SIGKILL in the middle of a STOW-RS upload of the
 * 140-slice CT series: first while the body is still arriving, then while the received instances
 * are being moved into the archive. After each restart the index and the files must agree, and
 * re-sending the whole series must store all 140.
 */
const series = manifest.entries.find((e) => e.path === 'series/ct-philips-head-phantom-1mm/')!;
const files = entryFiles(series);
let dataDir: string;
let port: number;
let gateway: Gateway | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'secondread-durability-'));
  port = await freePort();
});
afterAll(async () => {
  await gateway?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Polls a condition every few milliseconds: the test reacts to what the server has done, never to elapsed time. */
async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const count = (dir: string): number =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).reduce(
        (n, e) => n + (e.isDirectory() ? count(path.join(dir, e.name)) : 1),
        0,
      )
    : 0;

function expectConsistent() {
  const state = checkConsistency(dataDir);
  expect(state.rowsWithoutFile, 'index rows without a file').toEqual([]);
  expect(state.filesWithoutRow, 'files without an index row').toEqual([]);
  expect(state.tempFiles, 'temp files left').toEqual([]);
  expect(state.pending, 'pending marks left').toBe(0);
  return state;
}

async function restart() {
  gateway = await startGateway(dataDir, port);
  return gateway;
}

describe('durability of the embedded archive', () => {
  it('has the series to upload', () => {
    expect(files).toHaveLength(140);
  });

  it('keeps nothing of an upload killed while its body is arriving', async () => {
    const gw = await restart();
    const upload = stowUpload(gw.base, await adminHeaders(gw), files);
    await upload.send(0, 70);
    await until(() => count(path.join(dataDir, 'tmp')) >= 20, 'the server to receive parts');
    await gw.kill('SIGKILL');
    expect((await upload.done).status).toBeUndefined();

    await restart();
    expect(expectConsistent().rows).toBe(0);
  });

  it('completes or drops each instance of an upload killed while it is being stored', async () => {
    const gw = gateway!;
    const upload = stowUpload(gw.base, await adminHeaders(gw), files);
    let answered = false;
    void upload.done.then(() => (answered = true));
    await upload.send(0, files.length);
    upload.finish();
    await until(() => count(path.join(dataDir, 'archive')) >= 10 || answered, 'instances to reach the archive');
    const answeredBeforeKill = answered;
    await gw.kill('SIGKILL');
    expect(answeredBeforeKill, 'the server answered before it could be killed mid-store').toBe(false);

    await restart();
    const state = expectConsistent();
    expect(state.rows).toBeGreaterThanOrEqual(10);
    expect(state.rows).toBeLessThan(140);
  });

  it('refuses a second process on the same DATA_DIR while the gateway runs', async () => {
    const opening = openArchive({ dataDir, logger: silentLogger });
    await expect(opening).rejects.toThrow(new RegExp(`in use by process ${gateway!.pid}`));
    await opening.then((archive) => archive.close()).catch(() => undefined);
  });

  it('stores the whole series when it is sent again', async () => {
    const gw = gateway!;
    const upload = stowUpload(gw.base, await adminHeaders(gw), files);
    await upload.send(0, files.length);
    upload.finish();
    const result = await upload.done;
    expect(result.status, result.body ?? String(result.error)).toBe(200);
    const referenced =
      (JSON.parse(result.body ?? '{}') as Record<string, { Value?: unknown[] }>)['00081199']?.Value ?? [];
    expect(referenced).toHaveLength(140);

    const search = await fetch(
      `${gw.base}/dicomweb/studies/${series.studyInstanceUID}/series/${series.seriesInstanceUID}/instances`,
      {
        headers: await adminHeaders(gw),
      },
    );
    expect(search.status).toBe(200);
    expect((await search.json()) as unknown[]).toHaveLength(140);
    expect(expectConsistent().rows).toBe(140);
  });
});
