import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { archiveFixture, stowFiles, type ArchiveFixture } from '../../../../test/support/archive/archiveFixture';
import { corpusDir } from '../../../../test/support/corpus';
import { decodeHtj2k } from '../../../../test/support/htj2k';
import { responseParts } from '../../../../test/support/wado/wadoApp';
import { createHtj2kEncoder, type Htj2kEncoder } from '../../htj2k/encoder';
import type { StoredInstance } from '../types';

const HTJ2K = '1.2.840.10008.1.2.4.202';
const SINGLE_HTJ2K = `image/jphc; transfer-syntax=${HTJ2K}`;
const MULTIPART_HTJ2K = `multipart/related; type="image/jphc"; transfer-syntax=${HTJ2K}`;
const CORNERSTONE_DEFAULT = 'multipart/related; type=application/octet-stream; transfer-syntax=*';
const RAW = 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1';

const corpusFile = (relative: string) => new Uint8Array(readFileSync(path.join(corpusDir, relative)));
const ct = corpusFile('series/ct-philips-head-phantom-1mm/I10.dcm');
const rgb = corpusFile('kinds/color/ot-testpattern-rgb.dcm');
const jpeg = corpusFile('syntaxes/jpeg-baseline__ct-cs3d.dcm');

let fixture: ArchiveFixture | undefined;
afterEach(async () => {
  await fixture?.dispose();
  fixture = undefined;
});

async function archiveWith(encoder: Htj2kEncoder | undefined, dataDir?: string): Promise<ArchiveFixture> {
  fixture = await archiveFixture({ archive: { htj2kEncoder: encoder, ...(dataDir ? { dataDir } : {}) } });
  return fixture;
}

async function storeAll(f: ArchiveFixture, files: Uint8Array[]): Promise<StoredInstance[]> {
  const { status, stored } = await stowFiles(f.app, files);
  expect(status).toBe(200);
  return stored.map((item) => {
    const url = String(item['00081190']?.Value?.[0]);
    const [, study, series, sop] = /studies\/([\d.]+)\/series\/([\d.]+)\/instances\/([\d.]+)/.exec(url)!;
    return f.archive.index.find(study!, series, sop)[0]!;
  });
}

const frameUrl = (i: StoredInstance, frames = '1') =>
  `/dicomweb/studies/${i.studyInstanceUID}/series/${i.seriesInstanceUID}/instances/${i.sopInstanceUID}/frames/${frames}`;

const getFrame = (f: ArchiveFixture, i: StoredInstance, headers: Record<string, string>, frames = '1') =>
  f.app.inject({ method: 'GET', url: frameUrl(i, frames), headers });

const identityOf = (i: StoredInstance) => {
  const { size, mtimeMs } = statSync(i.path);
  return { size, mtimeMs };
};

/** Polls until `probe` gives a value, failing after `timeoutMs`. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The archive's raw little endian frame: what every HTJ2K rendition must decode to. */
async function rawFrame(f: ArchiveFixture, i: StoredInstance): Promise<Buffer> {
  const res = await getFrame(f, i, { accept: RAW });
  expect(res.statusCode).toBe(200);
  return res.rawPayload;
}

describe('WADO-RS frames as HTJ2K renditions', () => {
  it('answers image/jphc when the Accept names 1.2.840.10008.1.2.4.202, single part and multipart, and nothing else changes', async () => {
    const f = await archiveWith(createHtj2kEncoder({ workers: 1 }));
    const [ctInstance, rgbInstance, jpegInstance] = await storeAll(f, [ct, rgb, jpeg]);

    for (const instance of [ctInstance!, rgbInstance!]) {
      const raw = await rawFrame(f, instance);
      const single = await getFrame(f, instance, { accept: SINGLE_HTJ2K });
      expect(single.statusCode).toBe(200);
      expect(single.headers['content-type']).toBe(SINGLE_HTJ2K);
      expect(Buffer.compare(Buffer.from((await decodeHtj2k(single.rawPayload)).pixels), raw)).toBe(0);
      // The codestream, not raw samples: the first marker is SOC.
      expect(single.rawPayload.readUInt16BE(0)).toBe(0xff4f);

      const multi = await getFrame(f, instance, { accept: MULTIPART_HTJ2K });
      expect(multi.statusCode).toBe(200);
      expect(multi.headers['content-type']).toMatch(
        /^multipart\/related; type="image\/jphc"; transfer-syntax=1\.2\.840\.10008\.1\.2\.4\.202; boundary=/,
      );
      const parts = responseParts(multi);
      expect(parts).toHaveLength(1);
      expect(parts[0]!.headers['content-type']).toBe(SINGLE_HTJ2K);
      expect(Buffer.compare(Buffer.from(parts[0]!.body), single.rawPayload)).toBe(0);
    }

    // Not asked for: what clients got before, raw little endian samples.
    const raw = await rawFrame(f, ctInstance!);
    for (const accept of [undefined, CORNERSTONE_DEFAULT, '*/*']) {
      const res = await getFrame(f, ctInstance!, accept === undefined ? {} : { accept });
      expect(res.statusCode, accept).toBe(200);
      expect(res.headers['content-type'], accept).toMatch(
        /^multipart\/related; type="application\/octet-stream"; transfer-syntax=1\.2\.840\.10008\.1\.2\.1; boundary=/,
      );
      expect(Buffer.compare(Buffer.from(responseParts(res)[0]!.body), raw), accept).toBe(0);
    }
    // A JPEG-stored instance has no rendition: asked only for HTJ2K, it says what it has.
    const refused = await getFrame(f, jpegInstance!, { accept: SINGLE_HTJ2K });
    expect(refused.statusCode).toBe(406);
    expect(refused.json<{ message: string }>().message).toContain('image/jpeg');
  }, 60_000);

  it('answers byte ranges of a frame with 206, 416 and If-Range, over byte-stable bodies', async () => {
    const f = await archiveWith(createHtj2kEncoder({ workers: 1 }));
    const [instance] = await storeAll(f, [ct]);
    for (const accept of [SINGLE_HTJ2K, MULTIPART_HTJ2K, CORNERSTONE_DEFAULT]) {
      const full = await getFrame(f, instance!, { accept });
      expect(full.statusCode, accept).toBe(200);
      expect(full.headers['accept-ranges'], accept).toBe('bytes');
      const body = full.rawPayload;
      const total = body.length;
      const etag = String(full.headers.etag);
      // The same bytes every time (a multipart boundary derived from the ETag), so ranges fit together.
      const again = await getFrame(f, instance!, { accept });
      expect(Buffer.compare(again.rawPayload, body), accept).toBe(0);

      const head = await getFrame(f, instance!, { accept, range: 'bytes=0-16383' });
      expect(head.statusCode, accept).toBe(206);
      expect(head.headers['content-range'], accept).toBe(`bytes 0-16383/${total}`);
      expect(head.headers['content-type'], accept).toBe(full.headers['content-type']);
      expect(Buffer.compare(head.rawPayload, body.subarray(0, 16384)), accept).toBe(0);

      const rest = await getFrame(f, instance!, { accept, range: 'bytes=16384-', 'if-range': etag });
      expect(rest.statusCode, accept).toBe(206);
      expect(rest.headers['content-range'], accept).toBe(`bytes 16384-${total - 1}/${total}`);
      expect(Buffer.compare(Buffer.concat([head.rawPayload, rest.rawPayload]), body), accept).toBe(0);

      const tail = await getFrame(f, instance!, { accept, range: 'bytes=-100' });
      expect(tail.statusCode, accept).toBe(206);
      expect(Buffer.compare(tail.rawPayload, body.subarray(total - 100)), accept).toBe(0);

      const beyond = await getFrame(f, instance!, { accept, range: `bytes=${total}-` });
      expect(beyond.statusCode, accept).toBe(416);
      expect(beyond.headers['content-range'], accept).toBe(`bytes */${total}`);

      // The client's earlier bytes belong to another representation: it gets the whole current one.
      const stale = await getFrame(f, instance!, { accept, range: 'bytes=0-99', 'if-range': '"another-version"' });
      expect(stale.statusCode, accept).toBe(200);
      expect(Buffer.compare(stale.rawPayload, body), accept).toBe(0);
    }
    // Several frames stream: no ranges, the whole answer.
    const streamed = await getFrame(f, instance!, { accept: CORNERSTONE_DEFAULT, range: 'bytes=0-99' }, '1,1');
    expect(streamed.statusCode).not.toBe(206);
  }, 60_000);

  it('makes the rendition in the background after STOW, without holding the STOW answer', async () => {
    const real = createHtj2kEncoder({ workers: 1 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let encodes = 0;
    const gated: Htj2kEncoder = {
      encode: async (frame, signal) => {
        encodes++;
        await gate;
        return real.encode(frame, signal);
      },
      close: () => real.close(),
    };
    const f = await archiveWith(gated);
    // The STOW answer comes while the background encode is held.
    const [instance] = await storeAll(f, [ct]);
    await waitFor('The background encode', async () => (encodes === 1 ? true : undefined));
    expect(await f.archive.htj2k!.cached(instance!, identityOf(instance!), 1)).toBeUndefined();
    release();
    const made = await waitFor('The background rendition', () =>
      f.archive.htj2k!.cached(instance!, identityOf(instance!), 1),
    );
    expect(Buffer.compare(Buffer.from((await decodeHtj2k(made)).pixels), await rawFrame(f, instance!))).toBe(0);
    // Served from the cache: no second encode.
    const served = await getFrame(f, instance!, { accept: SINGLE_HTJ2K });
    expect(Buffer.compare(served.rawPayload, Buffer.from(made))).toBe(0);
    expect(encodes).toBe(1);
  }, 60_000);

  it('makes the rendition on demand for a frame stored before renditions were on, and keeps it', async () => {
    const before = await archiveWith(undefined);
    const [instance] = await storeAll(before, [ct]);
    // Without renditions, HTJ2K is not offered.
    expect((await getFrame(before, instance!, { accept: SINGLE_HTJ2K })).statusCode).toBe(406);
    const { dataDir } = before;
    await before.app.close();
    fixture = undefined;

    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const after = await archiveWith(createHtj2kEncoder({ workers: 1 }), dataDir);
    const archive = after.archive;
    expect(await archive.htj2k!.cached(instance!, identityOf(instance!), 1)).toBeUndefined();
    const res = await getFrame(after, instance!, { accept: SINGLE_HTJ2K });
    expect(res.statusCode).toBe(200);
    expect(
      Buffer.compare(Buffer.from((await decodeHtj2k(res.rawPayload)).pixels), await rawFrame(after, instance!)),
    ).toBe(0);
    const kept = await archive.htj2k!.cached(instance!, identityOf(instance!), 1);
    expect(kept && Buffer.compare(Buffer.from(kept), res.rawPayload)).toBe(0);
  }, 60_000);
});
