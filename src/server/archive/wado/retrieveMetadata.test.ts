import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { corpusDir } from '../../../../test/support/corpus';
import type { DicomJsonDataset } from '../../../dicom/json';
import { corpusIndex, TEST_STUDY, type CorpusIndex } from '../../../../test/support/wado/corpusIndex';
import { wadoApp } from '../../../../test/support/wado/wadoApp';

const files = ['syntaxes/jpeg-baseline__ct-cs3d.dcm', 'kinds/overlay/mr-siemens-overlay-and-icon.dcm'].map((f) =>
  path.join(corpusDir, f),
);

let index: CorpusIndex;
let app: FastifyInstance;
beforeAll(async () => {
  index = corpusIndex(files);
  app = await wadoApp(index);
});
afterAll(() => app.close());

describe('WADO-RS metadata', () => {
  it('returns the DICOM JSON array of a study with absolute BulkDataURIs, nested ones included', async () => {
    const res = await app.inject({
      url: `/dicomweb/studies/${TEST_STUDY}/metadata`,
      headers: { accept: 'application/dicom+json' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/dicom+json');
    expect(res.headers['cache-control']).toBe('private, no-cache');
    const datasets = res.json<DicomJsonDataset[]>();
    expect(datasets.map((d) => d['00080018']?.Value?.[0])).toEqual(index.instances.map((i) => i.sopInstanceUID));
    const base = (n: number) =>
      `http://localhost:80/dicomweb/studies/${TEST_STUDY}/series/${TEST_STUDY}.${n}/instances/${TEST_STUDY}.${n}.1`;
    expect(datasets[0]!['7FE00010']?.BulkDataURI).toBe(`${base(1)}/bulk/7FE00010`);
    const icon = datasets[1]!['00880200']?.Value?.[0] as DicomJsonDataset;
    expect(icon['7FE00010']?.BulkDataURI).toBe(`${base(2)}/bulk/00880200/0/7FE00010`);
  });

  it('serves series and instance metadata, and uses the Host the client used', async () => {
    const i = index.instances[0]!;
    const series = await app.inject({ url: `/dicomweb/studies/${TEST_STUDY}/series/${i.seriesInstanceUID}/metadata` });
    expect(series.json()).toHaveLength(1);
    const res = await app.inject({
      url: `/dicomweb/studies/${TEST_STUDY}/series/${i.seriesInstanceUID}/instances/${i.sopInstanceUID}/metadata`,
      headers: { host: 'viewer.example:8443' },
    });
    expect(res.json()[0]['7FE00010'].BulkDataURI).toMatch(/^http:\/\/viewer\.example:8443\/dicomweb\//);
  });

  it('answers 406 for media types other than DICOM JSON', async () => {
    const res = await app.inject({
      url: `/dicomweb/studies/${TEST_STUDY}/metadata`,
      headers: { accept: 'multipart/related; type="application/dicom+xml"' },
    });
    expect(res.statusCode).toBe(406);
    expect(
      (await app.inject({ url: `/dicomweb/studies/${TEST_STUDY}/metadata`, headers: { accept: 'application/json' } }))
        .headers['content-type'],
    ).toBe('application/json');
  });

  it('answers a study again from the kept answer, without reading its instances', async () => {
    const url = `/dicomweb/studies/${TEST_STUDY}/metadata`;
    const reads = vi.spyOn(index, 'metadata');
    const first = await app.inject({ url, headers: { host: 'kept.example' } });
    expect(reads).toHaveBeenCalledTimes(files.length);
    const again = await app.inject({ url, headers: { host: 'kept.example' } });
    expect(reads).toHaveBeenCalledTimes(files.length);
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    // Another public base is another answer (its BulkDataURIs differ): read afresh.
    const elsewhere = await app.inject({ url, headers: { host: 'other.example' } });
    expect(reads).toHaveBeenCalledTimes(2 * files.length);
    expect(elsewhere.json()[0]['7FE00010'].BulkDataURI).toMatch(/^http:\/\/other\.example\//);
    reads.mockRestore();
  });

  it('revalidates with an ETag that depends on the public base URL', async () => {
    const url = `/dicomweb/studies/${TEST_STUDY}/metadata`;
    const first = await app.inject({ url });
    const etag = first.headers.etag as string;
    expect((await app.inject({ url, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    expect((await app.inject({ url, headers: { 'if-none-match': etag, host: 'other.example' } })).statusCode).toBe(200);
  });
});
