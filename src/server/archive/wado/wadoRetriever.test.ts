import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, manifest } from '../../../../test/support/corpus';
import { corpusIndex, type CorpusIndex } from '../../../../test/support/wado/corpusIndex';
import { responseParts, wadoApp } from '../../../../test/support/wado/wadoApp';

const CORNERSTONE = 'multipart/related; type=application/octet-stream; transfer-syntax=*';
const malformed = manifest.entries
  .filter((e) => e.type === 'file' && e.path.startsWith('malformed/'))
  .map((e) => path.join(corpusDir, e.path));

let index: CorpusIndex;
let app: FastifyInstance;
beforeAll(async () => {
  index = corpusIndex(malformed);
  app = await wadoApp(index);
});
afterAll(() => app.close());

const url = (file: string, suffix = '') => {
  const i = index.byPath(path.join(corpusDir, file));
  return `/dicomweb/studies/${i.studyInstanceUID}/series/${i.seriesInstanceUID}/instances/${i.sopInstanceUID}${suffix}`;
};

describe('malformed files reaching WADO-RS', () => {
  it('covers the malformed corpus', () => expect(malformed.length).toBeGreaterThan(40));

  it('answers every resource of every file with a frame or a clear JSON error, never a crash, hang or path', async () => {
    for (const file of malformed) {
      for (const suffix of ['', '/frames/1', '/bulk/7FE00010']) {
        const res = await app.inject({
          url: url(path.relative(corpusDir, file), suffix),
          headers: { accept: CORNERSTONE },
        });
        const where = `${path.basename(file)}${suffix}`;
        if (suffix === '' && res.statusCode === 406) continue; // multipart/related; type=octet-stream names no DICOM media type
        expect([200, 400, 404, 406, 500], where).toContain(res.statusCode);
        if (res.statusCode >= 400) {
          expect(res.json(), where).toEqual({ error: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) });
          expect(res.body, where).not.toContain(corpusDir);
        }
      }
    }
  });

  it('gives the right answer for the known cases', async () => {
    const frame = (file: string) =>
      app.inject({ url: url(`malformed/${file}`, '/frames/1'), headers: { accept: CORNERSTONE } });
    const ok = async (file: string, length: number) => {
      const res = await frame(file);
      expect(res.statusCode, file).toBe(200);
      expect(responseParts(res)[0]!.body.length, file).toBe(length);
    };
    const fails = async (file: string, status: number, error: string) => {
      const res = await frame(file);
      expect(res.statusCode, file).toBe(status);
      expect(res.json().error, file).toBe(error);
    };
    // Odd-length OB value (27 bytes + pad) and padding after the data set do not get in the way.
    await ok('odd-length-ob-pixel-data__fo-1403.dcm', 27);
    await ok('dataset-trailing-padding__mr-small.dcm', 64 * 64 * 2);
    // Garbage after the last element: dicom-parser stops there, Pixel Data is complete before it.
    await ok('derived-trailing-garbage__ct-small.dcm', 128 * 128 * 2);
    // Its Basic Offset Table points past the data; one fragment per tile still gives the first tile.
    await ok('derived-bad-basic-offset-table__sm-140frames.dcm', 1112);
    await fails('derived-rows-exceed-pixel-data__ct-small.dcm', 500, 'INSTANCE_UNREADABLE');
    await fails('derived-truncated-in-pixel-data__ct.dcm', 500, 'INSTANCE_UNREADABLE');
    await fails('derived-missing-pixel-data__ct.dcm', 404, 'PIXEL_DATA_NOT_FOUND');
    await fails('no-pixel-data-sc__fo-gh178.dcm', 404, 'PIXEL_DATA_NOT_FOUND');
    await fails('derived-unknown-transfer-syntax__ct-small.dcm', 406, 'NOT_ACCEPTABLE');
    // Not DICOM, or cut short before any Pixel Data: damaged, not "no pixel data".
    await fails('derived-empty-file.dcm', 500, 'INSTANCE_UNREADABLE');
    await fails('derived-not-dicom-jpeg-file.dcm', 500, 'INSTANCE_UNREADABLE');
    await fails('derived-truncated-in-dataset__ct.dcm', 500, 'INSTANCE_UNREADABLE');
  });
});
