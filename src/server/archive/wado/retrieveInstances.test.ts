import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../../test/support/corpus';
import { corpusIndex, TEST_STUDY, type CorpusIndex } from '../../../../test/support/wado/corpusIndex';
import { responseParts, wadoApp } from '../../../../test/support/wado/wadoApp';

const files = [
  'syntaxes/jpeg-baseline__ct-cs3d.dcm',
  'syntaxes/ivrle__mr-small.dcm',
  'kinds/multiframe/mr-enhanced-small-10frames.dcm',
].map((f) => path.join(corpusDir, f));

let index: CorpusIndex;
let app: FastifyInstance;
beforeAll(async () => {
  index = corpusIndex(files);
  app = await wadoApp(index);
});
afterAll(() => app.close());

const instanceUrl = (file: string) => {
  const i = index.byPath(file);
  return `/dicomweb/studies/${i.studyInstanceUID}/series/${i.seriesInstanceUID}/instances/${i.sopInstanceUID}`;
};

describe('WADO-RS instances', () => {
  it('streams a study as one application/dicom part per instance, each the stored file byte for byte', async () => {
    const res = await app.inject({
      url: `/dicomweb/studies/${TEST_STUDY}`,
      headers: { accept: 'multipart/related; type="application/dicom"' },
    });
    expect(res.statusCode).toBe(200);
    // Mixed syntaxes: no transfer-syntax parameter on the response, one on each part.
    expect(res.headers['content-type']).toMatch(/^multipart\/related; type="application\/dicom"; boundary=/);
    expect(res.headers['cache-control']).toBe('private, no-cache');
    const parts = responseParts(res);
    expect(parts).toHaveLength(3);
    parts.forEach((part, i) => {
      expect(part.headers['content-type']).toBe(
        `application/dicom; transfer-syntax=${index.instances[i]!.transferSyntaxUID}`,
      );
      expect(part.headers['content-location']).toBe(`http://localhost:80${instanceUrl(files[i]!)}`);
      expect(Buffer.compare(Buffer.from(part.body), readFileSync(files[i]!))).toBe(0);
    });
  });

  it('serves a series, and a single instance as multipart or as plain application/dicom', async () => {
    const url = instanceUrl(files[0]!);
    const series = await app.inject({ url: url.replace(/\/instances\/.*$/, '') });
    expect(responseParts(series)).toHaveLength(1);
    const single = await app.inject({ url, headers: { accept: 'application/dicom' } });
    expect(single.headers['content-type']).toBe('application/dicom; transfer-syntax=1.2.840.10008.1.2.4.50');
    expect(single.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(Buffer.compare(single.rawPayload, readFileSync(files[0]!))).toBe(0);
    const multipart = await app.inject({
      url,
      headers: { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
    });
    expect(multipart.headers['content-type']).toMatch(
      /^multipart\/related; type="application\/dicom"; transfer-syntax=1\.2\.840\.10008\.1\.2\.4\.50; boundary=/,
    );
    expect(
      (await app.inject({ url: url.replace(/\/instances\/.*$/, ''), headers: { accept: 'application/dicom' } }))
        .statusCode,
    ).toBe(406);
  });

  it('refuses a transfer syntax it would have to transcode to (406), unless another range allows the stored one', async () => {
    const url = instanceUrl(files[0]!);
    const explicit = 'multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.1';
    const res = await app.inject({ url, headers: { accept: explicit } });
    expect(res.statusCode).toBe(406);
    expect(res.json().message).toContain('1.2.840.10008.1.2.4.50');
    const lenient = await app.inject({
      url,
      headers: { accept: `${explicit}, multipart/related; type="application/dicom"; transfer-syntax=*;q=0.5` },
    });
    expect(lenient.statusCode).toBe(200);
  });

  it('revalidates study retrievals with an ETag', async () => {
    const first = await app.inject({ url: `/dicomweb/studies/${TEST_STUDY}` });
    const again = await app.inject({
      url: `/dicomweb/studies/${TEST_STUDY}`,
      headers: { 'if-none-match': first.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
  });

  it('answers 404 for unknown studies and series', async () => {
    expect((await app.inject({ url: '/dicomweb/studies/1.2.3.4' })).json()).toMatchObject({ error: 'STUDY_NOT_FOUND' });
    expect((await app.inject({ url: `/dicomweb/studies/${TEST_STUDY}/series/1.2.3` })).json()).toMatchObject({
      error: 'SERIES_NOT_FOUND',
    });
  });

  it('answers 500 without a path when a stored file is missing', async () => {
    const broken = corpusIndex(files.slice(0, 1));
    broken.instances[0]!.path = path.join(corpusDir, 'no-such-file.dcm');
    const brokenApp = await wadoApp(broken);
    try {
      for (const suffix of ['', '/frames/1', '/bulk/7FE00010', '/metadata']) {
        const res = await brokenApp.inject({
          url: `/dicomweb/studies/${TEST_STUDY}/series/${TEST_STUDY}.1/instances/${TEST_STUDY}.1.1${suffix}`,
        });
        expect(res.statusCode, suffix).toBe(500);
        expect(res.json()).toEqual({ error: 'INSTANCE_UNREADABLE', message: 'The stored instance could not be read' });
      }
    } finally {
      await brokenApp.close();
    }
  });
});
