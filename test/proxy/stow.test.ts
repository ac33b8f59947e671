import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../src/dicom/json';
import { formatMultipart, newBoundary } from '../../src/dicomweb/multipart';
import { createProxyBackend } from '../../src/server/proxy/proxyBackend';
import { corpusDir } from '../support/corpus';
import { startOrthanc, type RunningOrthanc } from '../support/orthanc';
import { corpusInstance } from './fixtures';
import { gatewayApp } from './gateway';

/** STOW-RS through the gateway into an Orthanc of its own (the shared one must stay as loaded). */

const HOST = 'gateway.test';
const knee = corpusInstance('kinds/multiframe/mr-enhanced-knee-19frames.dcm');
const ecg = corpusInstance('kinds/waveform/ecg-12lead.dcm');

let orthanc: RunningOrthanc;
let app: FastifyInstance;
beforeAll(async () => {
  orthanc = await startOrthanc();
  app = await gatewayApp(createProxyBackend({ url: orthanc.baseUrl }), 4 * 1024 ** 2);
});
afterAll(async () => {
  await app?.close();
  await orthanc?.stop();
});

async function stowBody(files: string[]): Promise<{ contentType: string; body: Buffer }> {
  const boundary = newBoundary();
  const parts = await Promise.all(
    files.map(async (file) => ({
      headers: { 'Content-Type': 'application/dicom' },
      body: await readFile(`${corpusDir}/${file}`),
    })),
  );
  return {
    contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
    body: Buffer.from(formatMultipart(boundary, parts)),
  };
}

const post = (url: string, contentType: string, body: Buffer) =>
  app.inject({
    method: 'POST',
    url,
    headers: { host: HOST, 'content-type': contentType, accept: 'application/dicom+json' },
    payload: body,
  });

describe('proxy backend: STOW-RS', () => {
  it('stores through the gateway and answers with gateway RetrieveURLs', async () => {
    const { contentType, body } = await stowBody([
      'kinds/multiframe/mr-enhanced-knee-19frames.dcm',
      'kinds/waveform/ecg-12lead.dcm',
    ]);
    const response = await post('/dicomweb/studies', contentType, body);
    expect(response.statusCode).toBe(200);
    const answer = response.json<DicomJsonDataset>();
    const stored = answer['00081199']?.Value as DicomJsonDataset[];
    expect(stored.map((item) => item['00081155']?.Value?.[0]).sort()).toEqual([knee.instance, ecg.instance].sort());
    expect(stored.map((item) => item['00081190']?.Value?.[0])).toContain(
      `http://${HOST}/dicomweb/studies/${knee.study}/series/${knee.series}/instances/${knee.instance}`,
    );
    expect(response.body).not.toContain(new URL(orthanc.restUrl).host);

    const direct = await fetch(`${orthanc.baseUrl}/instances`, { headers: { accept: 'application/dicom+json' } });
    const instances = (await direct.json()) as DicomJsonDataset[];
    expect(instances.map((i) => i['00080018']?.Value?.[0]).sort()).toEqual([knee.instance, ecg.instance].sort());
  });

  it('stores under a study given in the path', async () => {
    const { contentType, body } = await stowBody(['kinds/waveform/ecg-12lead.dcm']);
    const response = await post(`/dicomweb/studies/${ecg.study}`, contentType, body);
    expect(response.statusCode).toBe(200);
  });

  it('refuses a body that is not multipart/related before contacting the upstream', async () => {
    const response = await post('/dicomweb/studies', 'application/dicom', Buffer.from('DICM'));
    expect(response.statusCode).toBe(415);
  });

  it('enforces the upload cap while streaming to the upstream', async () => {
    const { contentType, body } = await stowBody(
      ['series/ct-liver-3slice-with-seg/seg-liver.dcm'].concat(
        Array(12).fill('kinds/multiframe/mr-enhanced-knee-19frames.dcm'),
      ),
    );
    expect(body.length).toBeGreaterThan(4 * 1024 ** 2);
    const response = await post('/dicomweb/studies', contentType, body);
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: 'PAYLOAD_TOO_LARGE' });
  });
});
