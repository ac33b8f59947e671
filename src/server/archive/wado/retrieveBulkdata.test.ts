import { readFileSync } from 'node:fs';
import path from 'node:path';
import dcmjs, { type DcmjsDataset } from 'dcmjs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../../test/support/corpus';
import { corpusIndex, type CorpusIndex } from '../../../../test/support/wado/corpusIndex';
import { responseParts, wadoApp } from '../../../../test/support/wado/wadoApp';

const files = {
  little: 'syntaxes/evrle__ct-cs3d.dcm',
  big: 'syntaxes/evrbe__ct-cs3d.dcm',
  cine: 'kinds/multiframe/xa-cine-96frames-jpeg.dcm',
  overlay: 'kinds/overlay/mr-siemens-overlay-and-icon.dcm',
};
type Name = keyof typeof files;

let index: CorpusIndex;
let app: FastifyInstance;
beforeAll(async () => {
  index = corpusIndex(Object.values(files).map((f) => path.join(corpusDir, f)));
  app = await wadoApp(index);
});
afterAll(() => app.close());

const get = (name: Name, bulkPath: string, accept?: string) => {
  const i = index.byPath(path.join(corpusDir, files[name]));
  const url = `/dicomweb/studies/${i.studyInstanceUID}/series/${i.seriesInstanceUID}/instances/${i.sopInstanceUID}/bulk/${bulkPath}`;
  return app.inject({ url, headers: accept === undefined ? {} : { accept } });
};

/** dcmjs's reading of the file: the independent reference for bulk values. */
function dcmjsDataset(name: Name): DcmjsDataset {
  const bytes = readFileSync(path.join(corpusDir, files[name]));
  return dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)).dict;
}
const binaryValue = (value: unknown[] | undefined) => Buffer.from(value?.[0] as ArrayBuffer);

describe('WADO-RS bulk data', () => {
  it('serves native Pixel Data whole and little endian, as one part or bare', async () => {
    const little = await get('little', '7FE00010', 'application/octet-stream');
    expect(little.headers['content-type']).toBe('application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1');
    expect(little.rawPayload.length).toBe(512 * 512 * 2);
    expect(Buffer.compare(little.rawPayload, binaryValue(dcmjsDataset('little')['7FE00010']?.Value))).toBe(0);
    const big = await get('big', '7FE00010');
    const [part] = responseParts(big);
    expect(Buffer.compare(Buffer.from(part!.body), little.rawPayload)).toBe(0);
    expect(big.headers['cache-control']).toBe('private, max-age=31536000, immutable');
  });

  it('serves encapsulated Pixel Data frame by frame', async () => {
    const res = await get('cine', '7FE00010', 'multipart/related; type=application/octet-stream; transfer-syntax=*');
    const parts = responseParts(res);
    expect(parts).toHaveLength(96);
    expect(parts[95]!.headers['content-type']).toBe('image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50');
    expect((await get('cine', '7FE00010', 'image/jpeg')).statusCode).toBe(406);
  });

  it('serves other binary values, top level and inside sequence items, as dcmjs reads them', async () => {
    const reference = dcmjsDataset('overlay');
    const overlay = await get('overlay', '60003000', 'application/octet-stream');
    expect(overlay.statusCode).toBe(200);
    expect(Buffer.compare(overlay.rawPayload, binaryValue(reference['60003000']?.Value))).toBe(0);
    const icon = await get('overlay', '00880200/0/7FE00010', 'application/octet-stream');
    const item = reference['00880200']?.Value?.[0] as DcmjsDataset;
    expect(icon.rawPayload.length).toBeGreaterThan(0);
    expect(Buffer.compare(icon.rawPayload, binaryValue(item['7FE00010']?.Value))).toBe(0);
  });

  it('answers 404 for paths that name no value', async () => {
    for (const bulkPath of ['00431028', '00880200', '00880200/5/7FE00010', '00100010/0/7FE00010']) {
      const res = await get('overlay', bulkPath);
      expect(res.statusCode, bulkPath).toBe(404);
      expect(res.json()).toMatchObject({ error: 'BULKDATA_NOT_FOUND' });
    }
  });

  it('answers 406 when the client wants neither octet-stream nor multipart', async () => {
    expect((await get('overlay', '60003000', 'application/dicom+json')).statusCode).toBe(406);
  });
});
