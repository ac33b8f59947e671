import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../../test/support/corpus';
import { allowAllGuard } from '../../../../test/support/dicomweb/allowAllGuard';
import type { DicomJsonDataset, DicomJsonValue } from '../../../dicom/json';
import { buildApp } from '../../app';
import { openArchive, type IngestSuccess } from '../archive';
import { silentLogger } from '../logger';
import { responseParts } from '../../../../test/support/wado/wadoApp';

/**
 * WADO-RS through the real embedded archive: files ingested into a temporary DATA_DIR, read back
 * through the gateway's routes. Metadata comes from the archive's own index.
 */
const CORNERSTONE = 'multipart/related; type=application/octet-stream; transfer-syntax=*';
const files = [
  'syntaxes/jpeg-baseline__ct-cs3d.dcm',
  'syntaxes/evrbe__mr-small.dcm',
  'syntaxes/deflated__ot-dclunie.dcm',
  'syntaxes/deflated-image-frame__seg-liver.dcm',
  'syntaxes/rle__ct1-multi-fragment.dcm',
  'kinds/multiframe/xa-cine-96frames-jpeg.dcm',
  'kinds/overlay/mr-siemens-overlay-and-icon.dcm',
  'kinds/seg/seg-binary-overlap.dcm',
];

let dataDir: string;
let app: FastifyInstance;
const stored = new Map<string, IngestSuccess>();

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'wado-archive-'));
  const archive = await openArchive({ dataDir, logger: silentLogger });
  for (const file of files) {
    const outcome = await archive.ingest(readFileSync(path.join(corpusDir, file)));
    if (!outcome.ok) throw new Error(`${file} was not stored: ${outcome.reason}`);
    stored.set(file, outcome);
  }
  app = await buildApp({
    config: { maxUploadBytes: 1 << 20, staticDir: '/nonexistent', trustProxy: false, logLevel: 'silent' },
    backend: archive,
    guard: allowAllGuard,
  });
});
afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const instanceUrl = (file: string) => {
  const s = stored.get(file)!;
  return `/dicomweb/studies/${s.studyInstanceUID}/series/${s.seriesInstanceUID}/instances/${s.sopInstanceUID}`;
};

function bulkDataUris(dataset: DicomJsonDataset): string[] {
  return Object.values(dataset).flatMap((element) => [
    ...(element.BulkDataURI === undefined ? [] : [element.BulkDataURI]),
    ...(element.vr === 'SQ'
      ? (element.Value ?? []).flatMap((item: DicomJsonValue) => bulkDataUris(item as DicomJsonDataset))
      : []),
  ]);
}

describe('WADO-RS on the embedded archive', () => {
  it('returns each stored file byte for byte', async () => {
    for (const file of files) {
      const res = await app.inject({ url: instanceUrl(file), headers: { accept: 'application/dicom' } });
      expect(res.statusCode, file).toBe(200);
      expect(Buffer.compare(res.rawPayload, readFileSync(path.join(corpusDir, file))), file).toBe(0);
    }
  });

  it('serves frame 1 of every instance to a Cornerstone-style request', async () => {
    const expected: Record<string, string> = {
      'syntaxes/jpeg-baseline__ct-cs3d.dcm': 'image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50',
      'syntaxes/evrbe__mr-small.dcm': 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1',
      'syntaxes/deflated__ot-dclunie.dcm': 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1',
      'syntaxes/deflated-image-frame__seg-liver.dcm': 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.8.1',
      'syntaxes/rle__ct1-multi-fragment.dcm': 'image/dicom-rle; transfer-syntax=1.2.840.10008.1.2.5',
    };
    for (const file of files) {
      const res = await app.inject({ url: `${instanceUrl(file)}/frames/1`, headers: { accept: CORNERSTONE } });
      expect(res.statusCode, file).toBe(200);
      const [part] = responseParts(res);
      if (expected[file]) expect(part!.headers['content-type'], file).toBe(expected[file]);
      expect(part!.body.length, file).toBeGreaterThan(0);
    }
  });

  it('hands out metadata whose every BulkDataURI can be fetched', async () => {
    const res = await app.inject({ url: `/dicomweb/studies/${stored.get(files[6]!)!.studyInstanceUID}/metadata` });
    expect(res.statusCode).toBe(200);
    const uris = res.json<DicomJsonDataset[]>().flatMap(bulkDataUris);
    expect(uris.length).toBeGreaterThan(2);
    expect(uris.some((uri) => /\/bulk\/[0-9A-F]{8}\/0\//.test(uri))).toBe(true);
    for (const uri of uris) {
      expect(uri.startsWith('http://localhost:80/dicomweb/studies/')).toBe(true);
      const bulk = await app.inject({ url: uri.replace('http://localhost:80', ''), headers: { accept: CORNERSTONE } });
      expect(bulk.statusCode, uri).toBe(200);
      expect(responseParts(bulk).length, uri).toBeGreaterThan(0);
    }
  });

  it('answers 404 for what the archive does not hold', async () => {
    const url = instanceUrl(files[0]!);
    expect((await app.inject({ url: url.replace(/instances\/[\d.]+$/, 'instances/1.2.3') })).json()).toMatchObject({
      error: 'INSTANCE_NOT_FOUND',
    });
    expect((await app.inject({ url: `${url}/frames/2` })).json()).toMatchObject({ error: 'FRAME_OUT_OF_RANGE' });
  });
});
