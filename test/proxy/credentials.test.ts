import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProxyBackend, type ProxyBackendOptions } from '../../src/server/proxy/proxyBackend';
import { corpusDir } from '../support/corpus';
import { loadIntoOrthanc, startOrthanc, type RunningOrthanc } from '../support/orthanc';
import { corpusInstance, instancePath } from './fixtures';
import { gatewayApp } from './gateway';

/** An Orthanc that requires HTTP basic authentication: the gateway holds the credentials, the browser never sees them. */

const USER = 'gateway-reader';
const PASSWORD = 'Pa55-w0rd-n0t-f0r-browsers';
const ecg = corpusInstance('kinds/waveform/ecg-12lead.dcm');

let orthanc: RunningOrthanc;
const apps: FastifyInstance[] = [];
beforeAll(async () => {
  orthanc = await startOrthanc({ users: { [USER]: PASSWORD } });
  await loadIntoOrthanc(orthanc.restUrl, [`${corpusDir}/kinds/waveform/ecg-12lead.dcm`], {
    user: USER,
    password: PASSWORD,
  });
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await orthanc?.stop();
});

async function gateway(options: Omit<ProxyBackendOptions, 'url'>, url = orthanc.baseUrl) {
  const app = await gatewayApp(createProxyBackend({ url, ...options }));
  apps.push(app);
  return (path: string, accept?: string) =>
    app.inject({
      method: 'GET',
      url: path,
      headers: { host: 'gateway.test', ...(accept === undefined ? {} : { accept }) },
    });
}

/** Nothing the browser receives may reveal the credentials or where the archive is. */
function expectNoSecrets(response: LightMyRequestResponse) {
  const everything = JSON.stringify(response.headers) + response.body;
  for (const secret of [
    PASSWORD,
    USER,
    Buffer.from(`${USER}:${PASSWORD}`).toString('base64'),
    new URL(orthanc.restUrl).host,
  ]) {
    expect(everything).not.toContain(secret);
  }
}

describe('proxy backend: upstream credentials', () => {
  it('Orthanc itself refuses anonymous requests', async () => {
    expect((await fetch(`${orthanc.baseUrl}/studies`)).status).toBe(401);
  });

  it('works with the right DICOMWEB_USER/PASSWORD and never shows them', async () => {
    const get = await gateway({ user: USER, password: PASSWORD });
    for (const [path, accept] of [
      ['/dicomweb/studies', undefined],
      [`/dicomweb/studies/${ecg.study}/metadata`, 'application/dicom+json'],
      [`/dicomweb${instancePath(ecg)}`, 'multipart/related; type="application/dicom"'],
      ['/healthz', undefined],
    ] as const) {
      const response = await get(path, accept);
      expect(response.statusCode, path).toBe(200);
      expectNoSecrets(response);
    }
  });

  it('takes credentials written into DICOMWEB_URL, and still rewrites URLs', async () => {
    const url = new URL(orthanc.baseUrl);
    url.username = USER;
    url.password = PASSWORD;
    const get = await gateway({}, url.href);
    const response = await get('/dicomweb/studies');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`http://gateway.test/dicomweb/studies/${ecg.study}`);
    expectNoSecrets(response);
  });

  it.each([
    ['a wrong password', { user: USER, password: 'wrong' }],
    ['no credentials', {}],
    ['a bearer token Orthanc does not know', { token: 'not-a-real-token' }],
  ])('answers 502 with a clear message for %s', async (_case, options) => {
    const get = await gateway(options);
    for (const path of [
      '/dicomweb/studies',
      `/dicomweb/studies/${ecg.study}/metadata`,
      `/dicomweb${instancePath(ecg)}/frames/1`,
    ]) {
      const response = await get(path);
      expect(response.statusCode, path).toBe(502);
      expect(response.headers['www-authenticate']).toBeUndefined();
      expect(response.json()).toEqual({
        error: 'UPSTREAM_CREDENTIALS_REFUSED',
        message: expect.stringContaining("refused the gateway's credentials"),
      });
      expectNoSecrets(response);
    }
    expect((await get('/healthz')).statusCode).toBe(503);
  });
});
