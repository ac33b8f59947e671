import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTranscodeCache } from './transcodeCache';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'transcode-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bytes = (size: number, fill: number) => new Uint8Array(size).fill(fill);

async function bytesOnDisk(): Promise<number> {
  let sum = 0;
  for (const name of await readdir(dir)) sum += (await stat(path.join(dir, name))).size;
  return sum;
}

/** Which of the keys still answer, in order. */
async function present(cache: Awaited<ReturnType<typeof openTranscodeCache>>, keys: string[]) {
  const out: string[] = [];
  for (const key of keys) if ((await cache.get(key)) !== undefined) out.push(key);
  return out;
}

describe('transcode cache', () => {
  it('gives back what was stored, byte for byte', async () => {
    const cache = await openTranscodeCache({ dir, maxBytes: 10_000 });
    await cache.put('s/r/i/1', bytes(300, 7));
    expect(Buffer.compare((await cache.get('s/r/i/1'))!, Buffer.from(bytes(300, 7)))).toBe(0);
    expect(await cache.get('s/r/i/2')).toBeUndefined();
  });

  it('never holds more than its limit, in its count or on disk', async () => {
    const maxBytes = 5_000;
    const cache = await openTranscodeCache({ dir, maxBytes });
    for (let i = 0; i < 60; i++) {
      await cache.put(`frame/${i}`, bytes(300 + ((i * 397) % 1_700), i));
      expect(cache.size()).toBeLessThanOrEqual(maxBytes);
      expect(await bytesOnDisk()).toBeLessThanOrEqual(maxBytes);
    }
    expect(cache.size()).toBe(await bytesOnDisk());
    expect(cache.size()).toBeGreaterThan(maxBytes / 2);
  });

  it('stays under the limit when many frames are written at once', async () => {
    const maxBytes = 4_000;
    const cache = await openTranscodeCache({ dir, maxBytes });
    await Promise.all(Array.from({ length: 40 }, (_, i) => cache.put(`frame/${i}`, bytes(900, i))));
    expect(cache.size()).toBeLessThanOrEqual(maxBytes);
    expect(await bytesOnDisk()).toBe(cache.size());
  });

  it('evicts the least recently used frame first', async () => {
    const cache = await openTranscodeCache({ dir, maxBytes: 1_000 });
    await cache.put('a', bytes(400, 1));
    await cache.put('b', bytes(400, 2));
    await cache.get('a');
    await cache.put('c', bytes(400, 3));
    expect(await present(cache, ['a', 'b', 'c'])).toEqual(['a', 'c']);
  });

  it('does not keep a frame larger than the whole cache', async () => {
    const cache = await openTranscodeCache({ dir, maxBytes: 1_000 });
    await cache.put('a', bytes(400, 1));
    await cache.put('huge', bytes(1_001, 2));
    expect(await present(cache, ['a', 'huge'])).toEqual(['a']);
  });

  it('survives a restart with its contents and their order of use', async () => {
    const first = await openTranscodeCache({ dir, maxBytes: 1_000 });
    await first.put('a', bytes(400, 1));
    await sleep(20);
    await first.put('b', bytes(400, 2));
    await sleep(20);
    await first.get('a');

    const second = await openTranscodeCache({ dir, maxBytes: 1_000 });
    expect(second.size()).toBe(800);
    await second.put('c', bytes(400, 3));
    expect(await present(second, ['a', 'b', 'c'])).toEqual(['a', 'c']);
  });

  it('drops half-written files and applies a lowered limit when opened', async () => {
    const first = await openTranscodeCache({ dir, maxBytes: 2_000 });
    await first.put('a', bytes(400, 1));
    await sleep(20);
    await first.put('b', bytes(400, 2));
    await writeFile(path.join(dir, '.tmp-interrupted'), bytes(100, 9));

    const second = await openTranscodeCache({ dir, maxBytes: 500 });
    expect(second.size()).toBe(400);
    expect(await present(second, ['a', 'b'])).toEqual(['b']);
    expect(await bytesOnDisk()).toBe(400);
  });
});
