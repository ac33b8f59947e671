import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { parseMediaType, parseMultipart } from '../../dicomweb/multipart';
import { allowAllGuard } from '../../../test/support/dicomweb/allowAllGuard';
import { hasDcmtk } from '../../../test/support/wado/dcmtkReference';
import { buildApp } from '../app';
import { openArchive, type IngestSuccess } from '../archive/archive';
import { silentLogger } from '../archive/logger';

/**
 * /rendered and /thumbnail through the real embedded archive and routes. Grey levels are checked
 * against dcmtk's rendering of the same file with the same window (dcmj2pnm, an independent
 * implementation of the modality LUT, VOI LINEAR and MONOCHROME1), within 1 level.
 */
const CT_SERIES = 'series/ct-philips-head-phantom-1mm';
/** Instance Numbers 1–5 of the corpus CT: the series' middle is number 3. */
const CT_FILES = ['I10.dcm', 'I20.dcm', 'I30.dcm', 'I40.dcm', 'I50.dcm'].map((f) => `${CT_SERIES}/${f}`);
const JPEG_LOSSLESS_MR = 'syntaxes/jpeg-lossless-p14__mr-1024-12bit.dcm';
/** 12-bit lossy JPEG (Extended, Process 4): dcmtk's libijg12 and the shared decoder differ by at most 1 stored value. */
const JPEG_12BIT_CT = 'syntaxes/jpeg-extended__ct-cs3d.dcm';
/** Signed 16-bit Process 14 that pylibjpeg-data lists as a problem file: the shared decoder reads it as dcmtk does. */
const BAD_JPEG_LOSSLESS = 'malformed/jpeg-lossless-signed-bad__ct.dcm';
/** 8-bit entries packed a byte each, 8-bit entries in words, 16-bit entries; 256 and 200 entries. */
const PALETTE_FILES = [
  'kinds/palette/ot-testpattern-palette.dcm',
  'kinds/palette/ot-testpattern-palette-16bit-lut.dcm',
  'kinds/palette/us-palette-8bit.dcm',
  'kinds/palette/ot-palette-face-no-meta.dcm',
];
const SEGMENTED_PALETTE = 'kinds/palette/us-palette-16bit-segmented-lut.dcm';
const YBR_422_FILES = ['kinds/color/us-ybr-full-422-uncompressed.dcm', 'kinds/color/sc-ybr-full-422-uncompressed.dcm'];
const FILES = [
  ...CT_FILES,
  'syntaxes/rle__ct1-multi-fragment.dcm',
  'syntaxes/jpeg-ls-lossless__ct-cs3d.dcm',
  'kinds/monochrome1/dx-mono1-8bit-small.dcm',
  'kinds/color/us-rgb-planar-configuration-1.dcm',
  'syntaxes/rle__mr-enhanced-10frame.dcm',
  JPEG_LOSSLESS_MR,
  JPEG_12BIT_CT,
  'syntaxes/jpeg-lossless-sv1__testpattern-rgb.dcm',
  BAD_JPEG_LOSSLESS,
  ...PALETTE_FILES,
  SEGMENTED_PALETTE,
  ...YBR_422_FILES,
];

let dataDir: string;
let app: FastifyInstance;
const stored = new Map<string, IngestSuccess>();

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'rendered-'));
  const archive = await openArchive({ dataDir, logger: silentLogger });
  for (const file of FILES) {
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

function instancePath(file: string) {
  const { studyInstanceUID, seriesInstanceUID, sopInstanceUID } = stored.get(file)!;
  return `/dicomweb/studies/${studyInstanceUID}/series/${seriesInstanceUID}/instances/${sopInstanceUID}`;
}

async function get(url: string, accept?: string) {
  return app.inject({ method: 'GET', url, headers: accept === undefined ? {} : { accept } });
}

/** A multipart answer's parts, checked for the outer and each part's media type. */
function multipart(response: Awaited<ReturnType<typeof get>>, type: string) {
  expect(response.statusCode).toBe(200);
  const media = parseMediaType(response.headers['content-type'] as string);
  expect(media).toMatchObject({ type: 'multipart/related', params: { type } });
  return parseMultipart(response.rawPayload, media!.params.boundary!).map((part) => {
    expect(part.headers['content-type']).toBe(type);
    return { location: part.headers['content-location']!, body: Buffer.from(part.body) };
  });
}

interface Grey {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

function png(bytes: Buffer): Grey {
  const image = PNG.sync.read(bytes);
  // pngjs hands back RGBA whatever the colour type; grey images have R = G = B.
  const channels = 4;
  return { width: image.width, height: image.height, channels, data: new Uint8Array(image.data) };
}

/** dcmtk's 8-bit rendering of frame 1 as RGBA, with `window` (center, width), the file's first (+Wi 1) or none (colour). */
function dcmtk(file: string, window?: [number, number] | 'file', frame = 1): Grey {
  const dir = mkdtempSync(path.join(tmpdir(), 'rendered-dcmtk-'));
  try {
    let input = path.join(corpusDir, file);
    if (file.includes('jpeg-ls')) {
      execFileSync('dcmdjpls', [input, path.join(dir, 'plain.dcm')]);
      input = path.join(dir, 'plain.dcm');
    }
    const voi = window === 'file' ? ['+Wi', '1'] : window ? ['+Ww', String(window[0]), String(window[1])] : [];
    execFileSync('dcmj2pnm', [...voi, '+F', String(frame), '+on', input, path.join(dir, 'out.png')]);
    return png(readFileSync(path.join(dir, 'out.png')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function maxDifference(a: Grey, b: Grey): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let max = 0;
  for (let i = 0; i < a.data.length; i++) if (i % 4 !== 3) max = Math.max(max, Math.abs(a.data[i]! - b.data[i]!));
  return max;
}

/**
 * A name, the file, the window to render it with (the query's, the file's first, or none: colour),
 * and the grey levels the two may differ by where not 1.
 */
type DcmtkCase = [name: string, file: string, window: [number, number] | 'file' | undefined, tolerance?: number];

describe.skipIf(!hasDcmtk)('rendered grey levels match dcmtk within 1 level', () => {
  it.each<DcmtkCase>([
    ['CT, the file window', CT_FILES[2]!, 'file' as const],
    ['CT, a lung window from the query', CT_FILES[2]!, [-600, 1500] as [number, number]],
    ['RLE CT', 'syntaxes/rle__ct1-multi-fragment.dcm', [40, 400] as [number, number]],
    ['JPEG-LS CT (WASM decoder)', 'syntaxes/jpeg-ls-lossless__ct-cs3d.dcm', [300, 2000] as [number, number]],
    ['MONOCHROME1 DX', 'kinds/monochrome1/dx-mono1-8bit-small.dcm', [128, 200] as [number, number]],
    ['RGB, planar', 'kinds/color/us-rgb-planar-configuration-1.dcm', undefined],
    ['JPEG Lossless MR, the file window', JPEG_LOSSLESS_MR, 'file' as const],
    ['JPEG Lossless RGB', 'syntaxes/jpeg-lossless-sv1__testpattern-rgb.dcm', undefined],
    // Lossy decoders may differ by 1 stored value (jpegExtended.test.ts); at slope 2 and width 400 that is 1.3 levels.
    ['12-bit JPEG CT, the file window', JPEG_12BIT_CT, 'file' as const, 3],
    ['12-bit JPEG CT, a bone window', JPEG_12BIT_CT, [500, 2000] as [number, number]],
    ['JPEG Lossless, signed (malformed/)', BAD_JPEG_LOSSLESS, 'file' as const],
    ...PALETTE_FILES.map((file): DcmtkCase => [`palette colour ${path.basename(file)}`, file, undefined]),
    ...YBR_422_FILES.map((file): DcmtkCase => [`native YBR_FULL_422 ${path.basename(file)}`, file, undefined]),
  ])('%s', async (_name, file, window, tolerance = 1) => {
    const query = Array.isArray(window) ? `?window=${window[0]},${window[1]}` : '';
    const response = await get(`${instancePath(file)}/rendered${query}`, 'image/png');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    const rendered = png(response.rawPayload);
    expect(maxDifference(rendered, dcmtk(file, window))).toBeLessThanOrEqual(tolerance);
  });
});

describe('rendered and thumbnail resources', () => {
  it('answers JPEG by default and PNG when asked, the same picture', async () => {
    const url = `${instancePath(CT_FILES[2]!)}/rendered?window=40,400`;
    const jpegAnswer = await get(url);
    expect(jpegAnswer.headers['content-type']).toBe('image/jpeg');
    const pngAnswer = await get(url, 'image/png, image/jpeg;q=0.5');
    expect(pngAnswer.headers['content-type']).toBe('image/png');
    const decoded = jpeg.decode(jpegAnswer.rawPayload, { useTArray: true, formatAsRGBA: true });
    const lossless = png(pngAnswer.rawPayload);
    let sum = 0;
    for (let i = 0; i < decoded.data.length; i++) sum += Math.abs(decoded.data[i]! - lossless.data[i]!);
    expect(sum / decoded.data.length).toBeLessThan(2);
    expect((await get(url, 'application/dicom')).statusCode).toBe(406);
  });

  it('applies quality to JPEG', async () => {
    const url = `${instancePath(CT_FILES[2]!)}/rendered?window=40,400`;
    const low = await get(`${url}&quality=10`);
    const high = await get(`${url}&quality=95`);
    expect(low.rawPayload.length).toBeLessThan(high.rawPayload.length / 2);
  });

  it('fits the viewport, keeping the aspect ratio; thumbnails default to 128 pixels', async () => {
    const fitted = png((await get(`${instancePath(CT_FILES[2]!)}/rendered?viewport=100,40`, 'image/png')).rawPayload);
    expect([fitted.width, fitted.height]).toEqual([40, 40]);
    const rgb = png(
      (await get(`${instancePath('kinds/color/us-rgb-planar-configuration-1.dcm')}/thumbnail`, 'image/png')).rawPayload,
    );
    expect([rgb.width, rgb.height]).toEqual([128, 60]);
    const full = png((await get(`${instancePath(CT_FILES[2]!)}/rendered`, 'image/png')).rawPayload);
    expect([full.width, full.height]).toEqual([512, 512]);
  });

  it('shows the middle instance for a series and the first pictured series for a study', async () => {
    const { studyInstanceUID, seriesInstanceUID } = stored.get(CT_FILES[0]!)!;
    const middle = await get(`${instancePath(CT_FILES[2]!)}/thumbnail`, 'image/png');
    const series = await get(
      `/dicomweb/studies/${studyInstanceUID}/series/${seriesInstanceUID}/thumbnail`,
      'image/png',
    );
    const study = await get(`/dicomweb/studies/${studyInstanceUID}/thumbnail`, 'image/png');
    const first = await get(`${instancePath(CT_FILES[0]!)}/thumbnail`, 'image/png');
    expect(series.rawPayload.equals(middle.rawPayload)).toBe(true);
    expect(study.rawPayload.equals(middle.rawPayload)).toBe(true);
    expect(first.rawPayload.equals(middle.rawPayload)).toBe(false);
  });

  it('answers a multi-frame instance with each frame, and a frame list with the frames named, in order', async () => {
    const file = 'syntaxes/rle__mr-enhanced-10frame.dcm';
    const frames = await Promise.all(
      Array.from(
        { length: 10 },
        async (_, i) => (await get(`${instancePath(file)}/frames/${i + 1}/rendered`, 'image/png')).rawPayload,
      ),
    );
    expect(frames[4]!.equals(frames[0]!)).toBe(false);
    const instance = multipart(await get(`${instancePath(file)}/rendered`, 'image/png'), 'image/png');
    expect(instance.map((part) => part.location)).toEqual(
      frames.map((_, i) => `http://localhost:80${instancePath(file)}/frames/${i + 1}/rendered`),
    );
    instance.forEach((part, i) => expect(part.body.equals(frames[i]!)).toBe(true));
    const named = multipart(await get(`${instancePath(file)}/frames/5,1,3/rendered`, 'image/png'), 'image/png');
    expect(named.map((part) => part.location.split('/').at(-2))).toEqual(['5', '1', '3']);
    [4, 0, 2].forEach((frame, i) => expect(named[i]!.body.equals(frames[frame]!)).toBe(true));
    expect((await get(`${instancePath(file)}/frames/11/rendered`)).statusCode).toBe(400);
    expect((await get(`${instancePath(file)}/frames/1,11/rendered`)).statusCode).toBe(400);
  });

  it('answers a series and a study with each instance, by Instance Number, as its own rendered image', async () => {
    const { studyInstanceUID, seriesInstanceUID } = stored.get(CT_FILES[0]!)!;
    const query = '?window=40,400&viewport=64,64';
    const singles = await Promise.all(
      CT_FILES.map(async (file) => (await get(`${instancePath(file)}/rendered${query}`)).rawPayload),
    );
    const seriesUrl = `/dicomweb/studies/${studyInstanceUID}/series/${seriesInstanceUID}/rendered${query}`;
    for (const url of [seriesUrl, `/dicomweb/studies/${studyInstanceUID}/rendered${query}`]) {
      const parts = multipart(await get(url), 'image/jpeg');
      expect(parts.map((part) => part.location)).toEqual(
        CT_FILES.map((file) => `http://localhost:80${instancePath(file)}/rendered?viewport=64,64&window=40,400,LINEAR`),
      );
      parts.forEach((part, i) => expect(part.body.equals(singles[i]!), `part ${i + 1}`).toBe(true));
    }
    // multipart/related; type="image/png" asks for PNG parts.
    const png = multipart(await get(seriesUrl, 'multipart/related; type="image/png"'), 'image/png');
    expect(png).toHaveLength(CT_FILES.length);
  });

  it('tags each picture with a strong ETag and answers If-None-Match with 304 and no body', async () => {
    const { studyInstanceUID, seriesInstanceUID } = stored.get(CT_FILES[0]!)!;
    const urls = [
      `${instancePath(CT_FILES[2]!)}/rendered?window=40,400`,
      `${instancePath('syntaxes/rle__mr-enhanced-10frame.dcm')}/frames/2,3/rendered`,
      `/dicomweb/studies/${studyInstanceUID}/series/${seriesInstanceUID}/rendered?viewport=32,32`,
      `/dicomweb/studies/${studyInstanceUID}/thumbnail`,
    ];
    const tags = new Set<string>();
    for (const url of urls) {
      const first = await get(url);
      const etag = first.headers.etag as string;
      expect(etag, url).toMatch(/^"[\w-]{32}"$/);
      expect((await get(url)).headers.etag).toBe(etag);
      const revalidated = await app.inject({ method: 'GET', url, headers: { 'if-none-match': `"other", ${etag}` } });
      expect(revalidated.statusCode, url).toBe(304);
      expect(revalidated.rawPayload.length).toBe(0);
      expect(revalidated.headers.etag).toBe(etag);
      const changed = await app.inject({ method: 'GET', url, headers: { 'if-none-match': '"other"' } });
      expect(changed.statusCode).toBe(200);
      tags.add(etag);
      tags.add((await get(url, 'image/png')).headers.etag as string);
    }
    tags.add((await get(`${instancePath(CT_FILES[2]!)}/rendered?window=40,401`)).headers.etag as string);
    tags.add((await get(`${instancePath(CT_FILES[2]!)}/thumbnail?window=40,400`)).headers.etag as string);
    // Every URL, media type, window and kind has its own tag.
    expect(tags.size).toBe(urls.length * 2 + 2);
  });

  it('renders JPEG Lossless (Process 14) at its size', async () => {
    const response = await get(`${instancePath(JPEG_LOSSLESS_MR)}/rendered`, 'image/png');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    const image = png(response.rawPayload);
    expect([image.width, image.height]).toEqual([1024, 1024]);
    expect(new Set(image.data).size).toBeGreaterThan(100);
  });

  it('says why a segmented colour palette is not rendered', async () => {
    const response = await get(`${instancePath(SEGMENTED_PALETTE)}/rendered`, 'image/png');
    expect(response.statusCode).toBe(406);
    expect(response.json()).toMatchObject({
      message: 'This image cannot be rendered: its segmented colour palette is not supported here',
    });
  });

  it('says why an unknown instance cannot be shown', async () => {
    const { studyInstanceUID, seriesInstanceUID } = stored.get(CT_FILES[0]!)!;
    const response = await get(
      `/dicomweb/studies/${studyInstanceUID}/series/${seriesInstanceUID}/instances/1.2.3/rendered`,
    );
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ message: expect.any(String) });
  });
});
