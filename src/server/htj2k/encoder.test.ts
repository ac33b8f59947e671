import { afterEach, describe, expect, it } from 'vitest';
import { decodeHtj2k } from '../../../test/support/htj2k';
import {
  canEncodeLosslessly,
  createHtj2kEncoder,
  decompositionLevels,
  type Htj2kEncoder,
  type RawFrame,
} from './encoder';

const layout = {
  rows: 100,
  columns: 70,
  samplesPerPixel: 1,
  bitsAllocated: 16,
  bitsStored: 12,
  pixelRepresentation: 1,
} as const;

function frame(seed: number): RawFrame {
  const pixels = new Uint8Array(layout.rows * layout.columns * 2);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 31 + seed) & (i % 2 ? 0x0f : 0xff);
  return { ...layout, pixels };
}

let encoder: Htj2kEncoder | undefined;
afterEach(async () => {
  await encoder?.close();
  encoder = undefined;
});

describe('canEncodeLosslessly', () => {
  it('accepts what OpenJPH keeps exact and refuses the rest', () => {
    const base = {
      rows: 8,
      columns: 8,
      samplesPerPixel: 1,
      bitsAllocated: 16,
      bitsStored: 16,
      pixelRepresentation: 0,
    } as const;
    expect(canEncodeLosslessly(base)).toBe(true);
    expect(canEncodeLosslessly({ ...base, pixelRepresentation: 1, bitsStored: 12 })).toBe(true);
    expect(canEncodeLosslessly({ ...base, bitsAllocated: 8, bitsStored: 8, samplesPerPixel: 3 })).toBe(true);
    // 16-bit colour: the encoder reads 16-bit samples as one component.
    expect(canEncodeLosslessly({ ...base, samplesPerPixel: 3 })).toBe(false);
    // Signed 8-bit: the encoder reads 8-bit samples as unsigned.
    expect(canEncodeLosslessly({ ...base, bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 1 })).toBe(false);
    expect(canEncodeLosslessly({ ...base, bitsStored: 17 })).toBe(false);
    expect(canEncodeLosslessly({ ...base, rows: 0 })).toBe(false);
  });

  it('uses the fewest wavelet levels (at least one) that bring the longer side to 64 px or less', () => {
    expect([
      decompositionLevels(64, 64),
      decompositionLevels(65, 10),
      decompositionLevels(512, 512),
      decompositionLevels(3062, 2394),
    ]).toEqual([1, 1, 3, 6]);
  });
});

describe('createHtj2kEncoder', () => {
  it('encodes frames in worker threads, concurrently, each decoding to its own samples', async () => {
    encoder = createHtj2kEncoder({ workers: 2 });
    const frames = [1, 2, 3, 4].map(frame);
    const codestreams = await Promise.all(frames.map((f) => encoder!.encode(f)));
    for (const [i, codestream] of codestreams.entries()) {
      const decoded = await decodeHtj2k(codestream);
      expect(decoded).toMatchObject({ rows: 100, columns: 70, samplesPerPixel: 1, isSigned: true });
      expect(Buffer.compare(Buffer.from(decoded.pixels), Buffer.from(frames[i]!.pixels)), `frame ${i}`).toBe(0);
    }
  }, 30_000);

  it('leaves the caller samples as they were, even a Buffer view of a larger file', async () => {
    encoder = createHtj2kEncoder({ workers: 1 });
    const file = Buffer.alloc(16 + layout.rows * layout.columns * 2, 7);
    const view = file.subarray(16);
    await encoder.encode({ ...layout, pixels: view });
    expect(file.length).toBe(16 + layout.rows * layout.columns * 2);
    expect(view.every((byte) => byte === 7)).toBe(true);
  }, 30_000);

  it('refuses layouts it cannot keep exact, frames cancelled while waiting, and frames after close', async () => {
    encoder = createHtj2kEncoder({ workers: 1 });
    await expect(encoder.encode({ ...frame(1), samplesPerPixel: 3 })).rejects.toThrow(/cannot be encoded losslessly/);
    await expect(encoder.encode({ ...frame(1), pixels: new Uint8Array(10) })).rejects.toThrow(/cannot be encoded/);
    const running = encoder.encode(frame(1));
    const controller = new AbortController();
    const waiting = encoder.encode(frame(2), controller.signal);
    controller.abort(new Error('The client went away'));
    await expect(waiting).rejects.toThrow('The client went away');
    await expect(running).resolves.toBeInstanceOf(Uint8Array);
    const pending = expect(encoder.encode(frame(3))).rejects.toThrow('The HTJ2K encoder is closed');
    await encoder.close();
    await pending;
    await expect(encoder.encode(frame(4))).rejects.toThrow('The HTJ2K encoder is closed');
  }, 30_000);
});
