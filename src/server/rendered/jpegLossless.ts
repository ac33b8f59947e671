/** JPEG Lossless, Non-Hierarchical (Process 14) and its First-Order Prediction subset (PS3.5 A.4.1). */
export const JPEG_LOSSLESS = new Set(['1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70']);

interface LosslessCodestream {
  width: number;
  height: number;
  components: number;
  /** Interleaved by pixel, each value the sample's low `bytesPerSample` bytes (as Bits Stored leaves them). */
  samples: Uint8Array | Uint16Array;
}

/** A codestream the decoder cannot turn into the frame it describes; the message says why. */
export class UnreadableCodestream extends Error {}

type DecoderClass = (typeof import('@cornerstonejs/jpeg-lossless-decoder-js'))['Decoder'];
let decoderClass: Promise<DecoderClass> | undefined;

/**
 * Decodes one codestream with the decoder the viewer uses in the browser (dicom-image-loader's
 * decodeJPEGLossless), so a rendered image and the viewer's start from the same samples.
 */
export async function decodeJpegLossless(frame: Uint8Array, bytesPerSample: 1 | 2): Promise<LosslessCodestream> {
  decoderClass ??= import('@cornerstonejs/jpeg-lossless-decoder-js').then((module) => module.Decoder);
  const decoder = new (await decoderClass)();
  let samples;
  try {
    samples = decoder.decode(frame.buffer as ArrayBuffer, frame.byteOffset, frame.length, bytesPerSample);
  } catch {
    // The decoder's own messages ("ERROR: format throw new IOException! (decode)") tell a reader nothing.
    throw new UnreadableCodestream('its JPEG Lossless data cannot be read');
  }
  const width = decoder.xDim;
  const height = decoder.yDim;
  const components = decoder.numComp;
  // The decoder interleaves three components only for 8-bit samples; wider ones would overwrite each other.
  if (components !== 1 && !(components === 3 && bytesPerSample === 1)) {
    throw new UnreadableCodestream(
      `its JPEG Lossless frame has ${components} components of ${bytesPerSample * 8} bits`,
    );
  }
  // Past its end the decoder reads zeros rather than failing: a truncated frame decodes to a made-up tail.
  if (decoder.yLoc < height || (decoder.stream?.index ?? 0) > frame.length) {
    throw new UnreadableCodestream('its JPEG Lossless frame ends before its last sample');
  }
  return { width, height, components, samples };
}
