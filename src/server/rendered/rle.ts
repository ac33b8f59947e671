import { notAcceptable } from '../errors';

/**
 * RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment per
 * byte of each sample, most significant byte first. Returns the samples planar and little endian.
 */
export function decodeRle(frame: Uint8Array, pixels: number, samplesPerPixel: number, bitsAllocated: number) {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const bytesPerSample = Math.ceil(bitsAllocated / 8);
  const segments = frame.length >= 64 ? view.getUint32(0, true) : 0;
  if (segments !== samplesPerPixel * bytesPerSample || segments > 15) {
    throw notAcceptable('This image cannot be rendered: its RLE header does not match its samples');
  }
  const out = new Uint8Array(pixels * samplesPerPixel * bytesPerSample);
  for (let segment = 0; segment < segments; segment++) {
    const start = view.getUint32(4 + segment * 4, true);
    const end = segment + 1 < segments ? view.getUint32(8 + segment * 4, true) : frame.length;
    const sample = Math.floor(segment / bytesPerSample);
    // Segment 0 of a sample is its most significant byte; little endian puts that last.
    const byte = bytesPerSample - 1 - (segment % bytesPerSample);
    const base = sample * pixels * bytesPerSample;
    let pixel = 0;
    for (let at = start; at < end && pixel < pixels;) {
      const header = (frame[at++]! << 24) >> 24;
      if (header >= 0) {
        for (let i = 0; i <= header && pixel < pixels; i++) out[base + pixel++ * bytesPerSample + byte] = frame[at++]!;
      } else if (header !== -128) {
        const value = frame[at++]!;
        for (let i = 0; i < 1 - header && pixel < pixels; i++) out[base + pixel++ * bytesPerSample + byte] = value;
      }
    }
  }
  return out;
}
