import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STOW_TYPE, stowBody } from './support/archive/archiveFixture';
import { corpusDir } from './support/corpus';
import { builtGateway, repoRoot, startGateway, type RunningGateway } from './support/gatewayProcess';

/**
 * `npm start` runs the gateway built to JavaScript (scripts/buildServer.mjs): the build is redone
 * whenever it no longer matches, and the built gateway answers, searches in its worker threads
 * (started from built JS, as no tsx is loaded) and reads the files beside its sources.
 */
const ADMIN = { username: 'built-admin', password: 'built-admin-password-1' };
const FRENCH = {
  file: 'kinds/charset/chrFren.dcm',
  study: '1.3.6.1.4.1.5962.1.2.0.1175775772.5720.0',
};
const scratch = mkdtempSync(path.join(os.tmpdir(), 'secondread-built-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const buildInto = (outDir: string) =>
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'buildServer.mjs'), outDir], {
    cwd: repoRoot,
    encoding: 'utf8',
  }).trim();

describe('the server build', () => {
  it('is made when missing, kept while current, and redone when a file it made has changed', () => {
    const outDir = path.join(scratch, 'dist-server');
    expect(buildInto(outDir)).toBe(`Built the gateway into ${outDir}`);
    expect(buildInto(outDir)).toBe(`The gateway build in ${outDir} is current`);
    appendFileSync(path.join(outDir, 'searchWorker.js'), '\n// edited by hand\n');
    expect(buildInto(outDir)).toBe(`Built the gateway into ${outDir}`);
    expect(readFileSync(path.join(outDir, 'searchWorker.js'), 'utf8')).not.toContain('edited by hand');
  });

  it('is redone when a source it was built from has changed', () => {
    const outDir = path.join(scratch, 'stale-source');
    buildInto(outDir);
    const manifestFile = path.join(outDir, 'build-manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, string>;
    // As if src/server/app.ts had other content when the build was made.
    expect(manifest['src/server/app.ts']).toMatch(/^[0-9a-f]{64}$/);
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, 'src/server/app.ts': '0'.repeat(64) }));
    expect(buildInto(outDir)).toBe(`Built the gateway into ${outDir}`);
  });
});

describe('the built gateway', () => {
  let gateway: RunningGateway;
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    gateway = await startGateway('built-gateway', {
      DATA_DIR: path.join(scratch, 'data'),
      DEMO_STUDIES: 'false',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
    });
    const login = await fetch(`${gateway.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: gateway.url },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status).toBe(200);
    cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  });
  afterAll(() => gateway?.stop());

  it('is node running dist-server/main.js', () => {
    const command = readFileSync(`/proc/${gateway.pid}/cmdline`, 'utf8').split('\0');
    expect(command).toContain(builtGateway);
    expect(command.join(' ')).not.toContain('tsx');
  });

  it('answers its health check', async () => {
    const health = await fetch(`${gateway.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
  });

  it('serves the share pages’ stylesheet, read from beside its source', async () => {
    const css = await fetch(`${gateway.url}/s/pages.css`);
    expect(css.status).toBe(200);
    expect(await css.text()).toBe(readFileSync(path.join(repoRoot, 'src/server/security/pages.css'), 'utf8'));
  });

  it('stores an instance and finds it with a QIDO search run in a worker thread', async () => {
    const stored = await fetch(`${gateway.url}/dicomweb/studies`, {
      method: 'POST',
      headers: { 'content-type': STOW_TYPE, cookie, 'x-csrf-token': csrf, origin: gateway.url },
      body: new Uint8Array(stowBody([readFileSync(path.join(corpusDir, FRENCH.file))])),
    });
    expect(stored.status).toBe(200);
    const search = await fetch(`${gateway.url}/dicomweb/studies?StudyInstanceUID=${FRENCH.study}`, {
      headers: { cookie, accept: 'application/dicom+json' },
    });
    expect(search.status).toBe(200);
    const studies = (await search.json()) as { '0020000D': { Value: string[] } }[];
    expect(studies.map((study) => study['0020000D'].Value[0])).toEqual([FRENCH.study]);
  });
});
