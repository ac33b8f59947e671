import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadSummary } from '../src/api/uploads';
import { entryFiles, manifest } from './support/corpus';
import { startGateway, type RunningGateway } from './support/gatewayProcess';
import { quarantineState } from './support/quarantineConsistency';
import { stowUpload } from './durability/stowStream';

/**
 * The built gateway as a child process, killed with SIGKILL in the middle of a STOW-RS under an
 * upload link (the 140-slice CT series): first while the body is still arriving, then while the
 * received instances are being moved into quarantine. After each restart on the same DATA_DIR the
 * quarantine's rows and files agree and Incoming says what is there; sending the series again
 * completes it.
 */
const series = manifest.entries.find((e) => e.path === 'series/ct-philips-head-phantom-1mm/')!;
const files = entryFiles(series);
const ADMIN = { username: 'upload-admin', password: 'upload-admin-password' };

let dataDir: string;
let gateway: RunningGateway | undefined;
/** The uploader's cookie and CSRF token survive restarts: the session lives in the store. */
let uploaderHeaders: Record<string, string>;
let adminCookie: string;

async function start(): Promise<RunningGateway> {
  gateway = await startGateway('upload-durability', {
    DATA_DIR: dataDir,
    DEMO_STUDIES: 'false',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
  });
  return gateway;
}

async function kill(gw: RunningGateway): Promise<void> {
  process.kill(gw.pid, 'SIGKILL');
  await gw.stop();
}

/** Polls a condition every few milliseconds: the test reacts to what the server has done, never to elapsed time. */
async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir).length : 0);
const quarantined = () =>
  existsSync(path.join(dataDir, 'quarantine'))
    ? readdirSync(path.join(dataDir, 'quarantine'))
        .filter((name) => name !== 'tmp')
        .reduce((n, name) => n + entries(path.join(dataDir, 'quarantine', name)), 0)
    : 0;

const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

async function incoming(gw: RunningGateway): Promise<UploadSummary[]> {
  const response = await fetch(`${gw.url}/api/uploads`, { headers: { cookie: adminCookie } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { uploads: UploadSummary[] }).uploads;
}

function expectConsistent() {
  const state = quarantineState(dataDir);
  expect(state.rowsWithoutFile, 'rows without a file').toEqual([]);
  expect(state.filesWithoutRow, 'files without a row').toEqual([]);
  expect(state.tempFiles, 'temp files left').toEqual([]);
  expect(state.emptyUploads, 'uploads without instances').toEqual([]);
  return state;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'secondread-upload-durability-'));
  const gw = await start();
  const login = await fetch(`${gw.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: gw.url },
    body: JSON.stringify(ADMIN),
  });
  expect(login.status).toBe(200);
  adminCookie = cookiesOf(login);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await fetch(`${gw.url}/api/upload-links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: gw.url, cookie: adminCookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ label: 'Phantom CD', expiresInSeconds: 86_400 }),
  });
  expect(created.status).toBe(201);
  const { url } = (await created.json()) as { url: string };
  const opened = await fetch(url, { redirect: 'manual' });
  expect(opened.status).toBe(303);
  const cookie = cookiesOf(opened);
  const session = await fetch(`${gw.url}/api/upload-session`, { headers: { cookie } });
  const { csrfToken: uploadCsrf } = (await session.json()) as { csrfToken: string };
  uploaderHeaders = { cookie, 'x-csrf-token': uploadCsrf };
}, 180_000);

afterAll(async () => {
  if (gateway) await kill(gateway);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('an upload through an upload link survives a killed gateway', () => {
  it('keeps nothing of an upload killed while its body is arriving', async () => {
    const gw = gateway!;
    const upload = stowUpload(gw.url, { ...uploaderHeaders, origin: gw.url }, files);
    await upload.send(0, 70);
    await until(() => entries(path.join(dataDir, 'quarantine', 'tmp')) >= 20, 'the server to receive parts');
    await kill(gw);
    expect((await upload.done).status).toBeUndefined();
    expect(entries(path.join(dataDir, 'quarantine', 'tmp'))).toBeGreaterThan(0);

    const restarted = await start();
    expect(expectConsistent().rows).toEqual([]);
    expect(await incoming(restarted)).toEqual([]);
  }, 180_000);

  it('keeps only whole, recorded instances of an upload killed while they are being quarantined', async () => {
    const gw = gateway!;
    const upload = stowUpload(gw.url, { ...uploaderHeaders, origin: gw.url }, files);
    let answered = false;
    void upload.done.then(() => (answered = true));
    await upload.send(0, files.length);
    upload.finish();
    // Files are renamed in and recorded one at a time, so of 11 files seen, at most the last may lack its row.
    await until(() => quarantined() >= 11 || answered, 'instances to reach the quarantine');
    const answeredBeforeKill = answered;
    await kill(gw);
    expect(answeredBeforeKill, 'the server answered before it could be killed mid-store').toBe(false);

    const restarted = await start();
    const state = expectConsistent();
    expect(state.rows.length).toBeGreaterThanOrEqual(10);
    expect(state.rows.length).toBeLessThan(140);
    const [upload1, ...others] = await incoming(restarted);
    expect(others).toEqual([]);
    expect(upload1).toMatchObject({ study: { uid: series.studyInstanceUID }, instances: state.rows.length });
  }, 180_000);

  it('completes when the series is sent again, without duplicates', async () => {
    const gw = gateway!;
    const upload = stowUpload(gw.url, { ...uploaderHeaders, origin: gw.url }, files);
    await upload.send(0, files.length);
    upload.finish();
    const result = await upload.done;
    expect(result.status, result.body ?? String(result.error)).toBe(200);
    const referenced =
      (JSON.parse(result.body ?? '{}') as Record<string, { Value?: unknown[] }>)['00081199']?.Value ?? [];
    expect(referenced).toHaveLength(140);
    expect(expectConsistent().rows).toHaveLength(140);
    const [upload1, ...others] = await incoming(gw);
    expect(others).toEqual([]);
    expect(upload1).toMatchObject({ instances: 140, series: [{ uid: series.seriesInstanceUID, instances: 140 }] });
  }, 180_000);
});
