import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { shareAndOpen, startHarness, STUDIES, type Client, type Harness } from '../../../test/support/sharing/harness';

const INDEX = '<!doctype html><html><head></head><body><div id="root"></div></body></html>';
const MARKER = Buffer.from('made ahead');

describe('opening pictures made when a series is stored', () => {
  const staticDir = mkdtempSync(path.join(os.tmpdir(), 'secondread-opening-'));
  let h: Harness;
  let admin: Client;
  const pictures = () => path.join(h.dataDir, 'cache', 'rendered');
  const made = () => readdirSync(pictures()).filter((name) => name.endsWith('.picture'));

  beforeAll(async () => {
    writeFileSync(path.join(staticDir, 'index.html'), INDEX);
    h = await startHarness({ corpusDir, staticDir, openingPictures: true });
    admin = await h.signedIn('admin');
    // One per series with a greyscale image (the French and the Greek study's); none for the
    // study of parametric maps and a report, which the viewer shows no picture of either.
    await vi.waitFor(() => expect(made()).toHaveLength(2), { timeout: 10_000, interval: 100 });
  });

  it('keeps each picture readable by the gateway’s group only, like every stored image', () => {
    for (const name of made()) expect(statSync(path.join(pictures(), name)).mode & 0o777).toBe(0o640);
  });
  afterAll(async () => {
    await h.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('answers the picture a viewer page names from what was made, and renders any other', async () => {
    const page = await admin.get(`/viewer?StudyInstanceUIDs=${STUDIES.french.study}`);
    const url = /<img src="([^"]+)"/.exec(page.body)![1]!.replaceAll('&amp;', '&');
    // Firefox's and Safari's <img> Accept names PNG first; the URL's accept parameter keeps it JPEG.
    expect(url).toContain('accept=image/jpeg');
    const rendered = await admin.get(url, { accept: 'image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8' });
    expect(rendered.statusCode).toBe(200);
    expect(rendered.headers['content-type']).toBe('image/jpeg');
    expect(rendered.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    // What is on disk is what is served: replaced by a marker, the marker comes back.
    for (const name of made()) writeFileSync(path.join(pictures(), name), MARKER);
    expect((await admin.get(url)).rawPayload).toEqual(MARKER);
    // Another size or window of the same frame is rendered, never looked up among the made ones.
    for (const other of [url.replace(/viewport=\d+,\d+/, 'viewport=16,16'), `${url}&window=40,400,LINEAR`]) {
      const answer = await admin.get(other);
      expect(answer.statusCode, other).toBe(200);
      expect(answer.rawPayload.subarray(0, 2), other).toEqual(Buffer.from([0xff, 0xd8]));
    }
    // PNG is another media type, so another entity tag.
    const png = await admin.get(url.replace('&accept=image/jpeg', ''), { accept: 'image/png' });
    expect(png.rawPayload.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('gives nothing of what was made to a browser the study is not shared with', async () => {
    // The picture is looked up only after the guard let the request through.
    const { recipient } = await shareAndOpen(h, admin, { studyInstanceUIDs: [STUDIES.french.study] });
    const page = await admin.get(`/viewer?StudyInstanceUIDs=${STUDIES.greek.study}`);
    const url = /<img src="([^"]+)"/.exec(page.body)![1]!.replaceAll('&amp;', '&');
    for (const name of made()) writeFileSync(path.join(pictures(), name), MARKER);
    expect((await admin.get(url)).rawPayload).toEqual(MARKER);
    for (const outsider of [recipient, h.client()]) {
      const refused = await outsider.get(url);
      expect([401, 403]).toContain(refused.statusCode);
      expect(refused.rawPayload.includes(MARKER)).toBe(false);
    }
  });
});
