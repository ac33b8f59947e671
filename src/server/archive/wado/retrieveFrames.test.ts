import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../../test/support/corpus';
import { corpusIndex, type CorpusIndex } from '../../../../test/support/wado/corpusIndex';
import { dcmtkPixelData, hasDcmtk } from '../../../../test/support/wado/dcmtkReference';
import { responseParts, wadoApp } from '../../../../test/support/wado/wadoApp';

const CORNERSTONE = 'multipart/related; type=application/octet-stream; transfer-syntax=*';
const LE = '1.2.840.10008.1.2.1';

const files = {
  jpeg: 'syntaxes/jpeg-baseline__ct-cs3d.dcm',
  jpegLs: 'syntaxes/jpeg-ls-lossless__ct-cs3d.dcm',
  j2k: 'syntaxes/j2k-lossless__ct-cs3d.dcm',
  htj2k: 'syntaxes/htj2k-lossy__ct-philips-derived.dcm',
  rle: 'syntaxes/rle__ct-cs3d.dcm',
  deflatedFrames: 'syntaxes/deflated-image-frame__seg-liver.dcm',
  explicitLe: 'syntaxes/evrle__ct-cs3d.dcm',
  bigEndian: 'syntaxes/evrbe__ct-cs3d.dcm',
  cine: 'kinds/multiframe/xa-cine-96frames-jpeg.dcm',
  sr: 'malformed/no-pixel-data-sr__cs3d.dcm',
};
type Name = keyof typeof files;

let index: CorpusIndex;
let app: FastifyInstance;

beforeAll(async () => {
  index = corpusIndex(Object.values(files).map((f) => path.join(corpusDir, f)));
  app = await wadoApp(index);
});
afterAll(() => app.close());

const framesUrl = (name: Name, frames: string) => {
  const i = index.byPath(path.join(corpusDir, files[name]));
  return `/dicomweb/studies/${i.studyInstanceUID}/series/${i.seriesInstanceUID}/instances/${i.sopInstanceUID}/frames/${frames}`;
};
const get = (name: Name, frames: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url: framesUrl(name, frames), headers });

describe('WADO-RS frames', () => {
  it('serves compressed frames as stored, labelled with their PS3.18 media type and transfer syntax', async () => {
    const expected: [Name, string, string][] = [
      ['jpeg', 'image/jpeg', '1.2.840.10008.1.2.4.50'],
      ['jpegLs', 'image/jls', '1.2.840.10008.1.2.4.80'],
      ['j2k', 'image/jp2', '1.2.840.10008.1.2.4.90'],
      ['htj2k', 'image/jphc', '1.2.840.10008.1.2.4.203'],
      ['rle', 'image/dicom-rle', '1.2.840.10008.1.2.5'],
      ['deflatedFrames', 'application/octet-stream', '1.2.840.10008.1.2.8.1'],
    ];
    for (const [name, mediaType, ts] of expected) {
      const res = await get(name, '1', { accept: CORNERSTONE });
      expect(res.statusCode, name).toBe(200);
      expect(res.headers['content-type']).toMatch(
        new RegExp(`^multipart/related; type="${mediaType}"; transfer-syntax=${ts}; boundary=`),
      );
      const [part, ...rest] = responseParts(res);
      expect(rest).toEqual([]);
      expect(part!.headers['content-type']).toBe(`${mediaType}; transfer-syntax=${ts}`);
      expect(Number(part!.headers['content-length'])).toBe(part!.body.length);
      expect(part!.headers['content-location']).toBe(`http://localhost:80${framesUrl(name, '1')}`);
    }
  });

  it.skipIf(!hasDcmtk)('sends the stored codestream byte for byte', async () => {
    const res = await get('jpeg', '1', { accept: CORNERSTONE });
    const [part] = responseParts(res);
    expect(Buffer.compare(Buffer.from(part!.body), dcmtkPixelData(path.join(corpusDir, files.jpeg))!.items![1]!)).toBe(
      0,
    );
  });

  it('serves native frames little endian, big endian ones swapped', async () => {
    const little = await get('explicitLe', '1', { accept: CORNERSTONE });
    const big = await get('bigEndian', '1', { accept: 'multipart/related; type="application/octet-stream"' });
    for (const res of [little, big])
      expect(res.headers['content-type']).toMatch(`type="application/octet-stream"; transfer-syntax=${LE};`);
    const [a] = responseParts(little);
    const [b] = responseParts(big);
    expect(a!.body.length).toBe(512 * 512 * 2);
    expect(Buffer.compare(Buffer.from(a!.body), Buffer.from(b!.body))).toBe(0);
  });

  it('inflates deflated frames for clients that ask for uncompressed data', async () => {
    const res = await get('deflatedFrames', '2', {
      accept: `multipart/related; type="application/octet-stream"; transfer-syntax=${LE}`,
    });
    const [part] = responseParts(res);
    expect(part!.headers['content-type']).toBe(`application/octet-stream; transfer-syntax=${LE}`);
    expect(part!.body.length).toBe((512 * 512) / 8);
  });

  it('returns the requested frames in request order', async () => {
    const res = await get('cine', '5,1,96', { accept: CORNERSTONE });
    const parts = responseParts(res);
    expect(parts.map((p) => p.headers['content-location']?.split('/').pop())).toEqual(['5', '1', '96']);
    for (const part of parts) expect(Buffer.from(part.body.subarray(0, 2)).toString('hex')).toBe('ffd8');
    const one = await get('cine', '5', { accept: CORNERSTONE });
    expect(Buffer.compare(Buffer.from(responseParts(one)[0]!.body), Buffer.from(parts[0]!.body))).toBe(0);
  });

  it('answers a single-part request for one frame with the bare frame', async () => {
    const res = await get('jpeg', '1', { accept: 'image/jpeg' });
    expect(res.headers['content-type']).toBe('image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50');
    expect(res.rawPayload.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    expect((await get('cine', '1,2', { accept: 'image/jpeg' })).statusCode).toBe(406);
  });

  it('says 406 when no acceptable type remains, naming what is available', async () => {
    const res = await get('jpeg', '1', { accept: 'multipart/related; type="application/octet-stream"' });
    expect(res.statusCode).toBe(406);
    expect(res.json()).toMatchObject({ error: 'NOT_ACCEPTABLE', message: expect.stringContaining('image/jpeg') });
    const fallback = await get('jpeg', '1', {
      accept: 'multipart/related; type="application/octet-stream", multipart/related; type="image/jpeg"',
    });
    expect(fallback.statusCode).toBe(200);
  });

  it('rejects frames that do not exist and repeated frame numbers with 400', async () => {
    expect((await get('cine', '97', { accept: CORNERSTONE })).json()).toMatchObject({ error: 'FRAME_OUT_OF_RANGE' });
    expect((await get('jpeg', '2', { accept: CORNERSTONE })).statusCode).toBe(400);
    expect((await get('cine', '1,1', { accept: CORNERSTONE })).statusCode).toBe(400);
  });

  it('answers 404 for instances without pixel data and unknown UIDs', async () => {
    expect((await get('sr', '1')).json()).toMatchObject({ error: 'PIXEL_DATA_NOT_FOUND' });
    const base = framesUrl('jpeg', '1');
    const [, study, series, instance] = /studies\/([^/]+)\/series\/([^/]+)\/instances\/([^/]+)/.exec(base)!;
    const url = (s: string, se: string, i: string) => `/dicomweb/studies/${s}/series/${se}/instances/${i}/frames/1`;
    expect((await app.inject(url('9.9', series!, instance!))).json()).toMatchObject({ error: 'STUDY_NOT_FOUND' });
    expect((await app.inject(url(study!, '9.9', instance!))).json()).toMatchObject({ error: 'SERIES_NOT_FOUND' });
    expect((await app.inject(url(study!, series!, '9.9'))).json()).toMatchObject({ error: 'INSTANCE_NOT_FOUND' });
  });

  it('marks frames immutable and answers a matching If-None-Match with 304', async () => {
    const res = await get('cine', '2', { accept: CORNERSTONE });
    expect(res.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(res.headers.vary).toBe('accept');
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get('cine', '2', { accept: CORNERSTONE, 'if-none-match': `"other", W/${etag}` });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect((await get('cine', '3', { accept: CORNERSTONE, 'if-none-match': etag })).statusCode).toBe(200);
    expect((await get('cine', '2', { accept: 'image/jpeg', 'if-none-match': etag })).statusCode).toBe(200);
  });
});
