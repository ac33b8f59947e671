interface RleLayout {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly bitsAllocated: number;
}

/** Decodes one PackBits-coded segment (PS3.5 G.3.1) into `out`, writing `out.length` bytes at most. */
function unpackSegment(data: Uint8Array, start: number, end: number, out: Uint8Array): void {
  let written = 0;
  for (let at = start; at < end && written < out.length;) {
    const header = data[at++]!;
    if (header < 128) {
      const count = Math.min(header + 1, out.length - written, end - at);
      out.set(data.subarray(at, at + count), written);
      written += count;
      at += header + 1;
    } else if (header > 128) {
      const count = Math.min(257 - header, out.length - written);
      out.fill(data[at++]!, written, written + count);
      written += count;
    }
    // 128 is a no-op.
  }
}

/**
 * Decodes a DICOM RLE Lossless frame (PS3.5 Annex G) of any bits allocated and samples per pixel
 * into native little-endian bytes, samples interleaved by pixel (Planar Configuration 0). Segment
 * order is sample by sample, most significant byte first, so segment s·B + b holds byte B−1−b of
 * sample s (B bytes per sample). Cornerstone's own RLE decoder handles 8-bit colour and grey only.
 */
export function decodeRle(frame: Uint8Array, layout: RleLayout): Uint8Array {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = view.getUint32(0, true);
  const bytesPerSample = layout.bitsAllocated / 8;
  if (!Number.isInteger(bytesPerSample) || segments !== layout.samplesPerPixel * bytesPerSample) {
    throw new Error(
      `RLE frame has ${segments} segments; ${layout.samplesPerPixel} samples of ${layout.bitsAllocated} bits need ${layout.samplesPerPixel * bytesPerSample}`,
    );
  }
  const pixels = layout.rows * layout.columns;
  const stride = layout.samplesPerPixel * bytesPerSample;
  const out = new Uint8Array(pixels * stride);
  const segment = new Uint8Array(pixels);
  for (let index = 0; index < segments; index++) {
    const start = view.getUint32(4 + index * 4, true);
    const end = index + 1 < segments ? view.getUint32(8 + index * 4, true) : frame.length;
    segment.fill(0);
    unpackSegment(frame, start, end, segment);
    const sample = Math.floor(index / bytesPerSample);
    const byte = bytesPerSample - 1 - (index % bytesPerSample);
    const offset = sample * bytesPerSample + byte;
    for (let pixel = 0; pixel < pixels; pixel++) out[pixel * stride + offset] = segment[pixel]!;
  }
  return out;
}
