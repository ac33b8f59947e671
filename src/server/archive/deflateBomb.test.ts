import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as inflate from './deflated/inflate';
import { archiveFixture, stowFiles, type ArchiveFixture } from '../../../test/support/archive/archiveFixture';
import { checkConsistency } from '../../../test/support/archive/consistency';
import { deflatedInstance } from '../../../test/support/archive/deflatedInstance';
import { responseParts } from '../../../test/support/wado/wadoApp';

const MiB = 1024 * 1024;
const CAP = 32 * MiB;
const LE = '1.2.840.10008.1.2.1';
const FRAME_ACCEPT = `multipart/related; type="application/octet-stream"; transfer-syntax=${LE}`;

let fixture: ArchiveFixture;
let bomb: Buffer;

/** 256 frames of 1024 × 1024 zeros: 256 MiB inflated, about 256 KiB deflated. */
const BOMB_FRAMES = 256;
const zeros = new Uint8Array(1024 * 1024);

/** A small legitimate image: frame n, pixel i holds (n × 7 + i) mod 256. */
const SMALL = { sopInstanceUID: '2.25.4242424242.1', rows: 128, columns: 96, numberOfFrames: 24 };
const smallFrame = (n: number) => Uint8Array.from({ length: SMALL.rows * SMALL.columns }, (_, i) => (n * 7 + i) % 256);

beforeAll(async () => {
  fixture = await archiveFixture({ archive: { maxInflatedBytes: CAP } });
  bomb = await deflatedInstance({
    sopInstanceUID: '2.25.666',
    rows: 1024,
    columns: 1024,
    numberOfFrames: BOMB_FRAMES,
    frame: () => zeros,
  });
});
afterAll(() => fixture.dispose());
afterEach(() => vi.restoreAllMocks());

const stow = (bytes: Uint8Array) => stowFiles(fixture.app, [bytes]);

/** Peak growth of this process's resident memory while `work` runs, sampled every millisecond. */
async function rssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 1);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, growth: peak - before };
  } finally {
    clearInterval(timer);
  }
}

function cacheFiles(): string[] {
  const dir = path.join(fixture.dataDir, 'cache');
  return existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
    : [];
}

describe('a deflate bomb', () => {
  it('is refused over STOW-RS with the reason, nothing stored, memory bounded far below what it inflates to', async () => {
    expect(bomb.length).toBeLessThan(2 * MiB);
    const { result, growth } = await rssGrowth(() => stow(bomb));
    expect(result.status).toBe(409);
    expect(result.stored).toHaveLength(0);
    expect(result.failed[0]?.['00081197']?.Value?.[0]).toBe(0xa700);
    expect(String(result.failed[0]?.['00000902']?.Value?.[0])).toBe(
      'The deflated data set inflates to more than 32 MiB, the most this archive accepts (MAX_INFLATED_BYTES)',
    );
    expect(checkConsistency(fixture.dataDir)).toMatchObject({
      rows: 0,
      filesWithoutRow: [],
      tempFiles: [],
      pending: 0,
    });
    expect(cacheFiles()).toEqual([]);
    // 256 MiB inflated; the cap is 32 MiB and inflating streams to disk, so far less is ever resident.
    expect(growth).toBeLessThan(96 * MiB);
  });

  it('is refused the same way by ingest (the import command)', async () => {
    const outcome = await fixture.archive.ingest(bomb);
    expect(outcome).toMatchObject({
      ok: false,
      code: 'OUT_OF_RESOURCES',
      reason: expect.stringMatching(/inflates to more than 32 MiB, .*\(MAX_INFLATED_BYTES\)$/),
    });
    expect(checkConsistency(fixture.dataDir)).toMatchObject({ rows: 0, tempFiles: [] });
  });
});

describe('a deflated instance under the cap', () => {
  const frameUrl = (n: number) =>
    `/dicomweb/studies/${SMALL.sopInstanceUID}.1/series/${SMALL.sopInstanceUID}.2/instances/${SMALL.sopInstanceUID}/frames/${n}`;
  const readFrame = async (n: number) => {
    const response = await fixture.app.inject({ method: 'GET', url: frameUrl(n), headers: { accept: FRAME_ACCEPT } });
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    return Buffer.from(responseParts(response)[0]!.body);
  };

  it('is stored with an inflated rendition beside it', async () => {
    const bytes = await deflatedInstance({ ...SMALL, frame: smallFrame });
    const result = await stow(bytes);
    expect(result.status).toBe(200);
    expect(result.stored).toHaveLength(1);
    expect(checkConsistency(fixture.dataDir)).toMatchObject({ rows: 1, filesWithoutRow: [], tempFiles: [] });
    expect(cacheFiles()).toHaveLength(1);
  });

  it('serves its frames pixel for pixel, several at once, without inflating again', async () => {
    const inflations = vi.spyOn(inflate, 'inflateRawToFile');
    const frames = await Promise.all([1, 7, 24, 7].map(readFrame));
    [1, 7, 24, 7].forEach((n, i) =>
      expect(Buffer.compare(frames[i]!, Buffer.from(smallFrame(n))), `frame ${n}`).toBe(0),
    );
    expect(Buffer.compare(await readFrame(2), Buffer.from(smallFrame(2)))).toBe(0);
    expect(inflations).not.toHaveBeenCalled();
  });

  it('rebuilds a deleted rendition once, on the next read', async () => {
    rmSync(path.join(fixture.dataDir, 'cache'), { recursive: true, force: true });
    const inflations = vi.spyOn(inflate, 'inflateRawToFile');
    expect(Buffer.compare(await readFrame(5), Buffer.from(smallFrame(5)))).toBe(0);
    expect(Buffer.compare(await readFrame(6), Buffer.from(smallFrame(6)))).toBe(0);
    expect(inflations).toHaveBeenCalledTimes(1);
    expect(cacheFiles()).toHaveLength(1);
    expect(checkConsistency(fixture.dataDir).tempFiles).toEqual([]);
  });

  it('is indexed again by a reindex and still served', async () => {
    const report = await fixture.archive.reindex();
    expect(report).toMatchObject({ instances: 1, unreadable: [] });
    expect(Buffer.compare(await readFrame(24), Buffer.from(smallFrame(24)))).toBe(0);
  });
});
