import { decodeImageFrame } from '@cornerstonejs/dicom-image-loader';

/**
 * Decoder warm-up (issue 13, the critical path): the image loader's workers load a codec's
 * WebAssembly only when its first frame is decoded, so the first image would wait for the fetch and
 * compile after its bytes arrived. Decoding a tiny codestream of the first frame's syntax while that
 * frame is in flight moves both off the critical path. The loader has no "initialise" task: a real
 * decode through its own worker pool is the one way in that its public API offers.
 */

/** A tiny lossless 8-bit greyscale codestream whose decode loads one codec. */
interface Sample {
  readonly columns: number;
  readonly rows: number;
  readonly base64: string;
}

/*
 * Made once with each codec's own encoder in Node (the full builds of @cornerstonejs/codec-openjph,
 * codec-openjpeg and codec-charls): a square 8-bit unsigned image whose pixel i is (7·i) mod 256,
 * checked to decode back to it losslessly. OpenJPEG needs 32² for its default five wavelet levels.
 */
const HTJ2K: Sample = {
  columns: 8,
  rows: 8,
  base64:
    '/0//UQApQAAAAAAIAAAACAAAAAAAAAAAAAAACAAAAAgAAAAAAAAAAAABBwEB/1AACAACAAAAAv9SAAwAAgABAAUEBEAB/1wAEyBIUFBQUFBQUFBQ' +
    'UFBQSEhI/2QAFwABT3BlbkpQSCBWZXIgMC4zMS4wLv+QAAoAAAAAAHcAAf+TwCX5AAd0AAAAwBLAEsASgO4AB3QAAAGHdACDAQd0AMAVEAVMAVAH' +
    'huf1AIK0ABYi9ML+AGGUAA8b/r4AY5QAwCrgFowCcM7Yz8Ng/IMpZLUAHjz+bv9uvt083P6AwSxjVgC+gI/gj3YA/9k=',
};
const JPEG_2000: Sample = {
  columns: 32,
  rows: 32,
  base64:
    '/0//UQApAAAAAAAgAAAAIAAAAAAAAAAAAAAAIAAAACAAAAAAAAAAAAABBwEB/1IADAACAAEABQQEAAH/XAATQEBISFBISFBISFBISFBISFD/ZAAl' +
    'AAFDcmVhdGVkIGJ5IE9wZW5KUEVHIHZlcnNpb24gMi41LjT/kAAKAAAAAAHgAAH/k8B0EAPA+QFA+QDD7QIJfwcEd8D5AkHzg4D5AgAKzF8HBbZN' +
    'AsI2H8HzjJ+AlD7RABSwWvGQgTmfIrvnTxfVgORl5ZNxPweDoYf72Wr8fxrYsvZLBeICOOnxtRMyiD/H2ms/BFj8DsAXXh65FgCfDRS17TyXlTIK' +
    'ZHPCwaGiphd4gTnlSLnUR+rssVISHX+qm2yY2KXf04e6xY1tqxQxX79nit0MzoWeU68xi/P/WAKKTcM0dvYFYFoBZoKcbM3rMB41VlNEDUiBHXVd' +
    'Kd3Bcxb2ILtx3fgikl5r14QCb2CTRjArgxpm+mnJazHGPcFsRoU5xQRRN8Fsu2byMBF/QjgMUT0nHlIaHWvrglMQugOTtD2IilAtuefP3d2/x9qH' +
    'PwRo/AkAHG0YTzgMqD5Wt5IvPghCM1Jik29eK2pkPFpT25IcA7cr33ILaIl4AeT6wD//eBpiymrAml8ITdwp2scwI2A2k0n43xULb5nffPzRCLXy' +
    'lY7D4qBDN1qd2kwwPZXUaBPJLp/kaYPME9+MwBaV1eI+5EmiCZ16NtVlFNSn2lPsyIv/b/wzn/9//38cjKHhzG2JtZ44ALmFFaQL1XQmemTfTuGa' +
    'Ju6xZw+yBP9//3//2Q==',
};
const JPEG_LS: Sample = {
  columns: 8,
  rows: 8,
  base64: '/9j/9wALCAAIAAgBAREA/9oACAEBAAAAAIUVYq0+AAAC3jMUjsGAAABb8zbZgu22kU2SSCkaqwAAAFvkC6qrmiqrAP/Z',
};

type WarmUp = readonly [syntax: string, sample: Sample];

/** Each syntax one codec decodes, warmed by the sample of one of them. */
const warmedBy = (syntax: string, sample: Sample, syntaxes: readonly string[]): [string, WarmUp][] =>
  syntaxes.map((uid) => [uid, [syntax, sample]]);

/**
 * The syntaxes whose decoder in the loader's worker is WebAssembly, each with a sample of one syntax
 * of its codec. The others (native, deflated, RLE, JPEG lossless, 12-bit JPEG) are JavaScript the
 * worker script already holds; 8-bit JPEG baseline (libjpeg-turbo) is left cold: its encoder build
 * failed on the tiny image, and colour baseline frames are decoded by the browser anyway.
 */
const WARMABLE: ReadonlyMap<string, WarmUp> = new Map([
  ...warmedBy('1.2.840.10008.1.2.4.201', HTJ2K, [
    '1.2.840.10008.1.2.4.201',
    '1.2.840.10008.1.2.4.202',
    '1.2.840.10008.1.2.4.203',
    '3.2.840.10008.1.2.4.96',
  ]),
  ...warmedBy('1.2.840.10008.1.2.4.90', JPEG_2000, ['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91']),
  ...warmedBy('1.2.840.10008.1.2.4.80', JPEG_LS, ['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81']),
]);

/** What warming a syntax takes: the syntax of the sample decoded and the sample, or undefined where nothing needs loading. */
export function warmUpFor(transferSyntaxUID: string | undefined): WarmUp | undefined {
  return transferSyntaxUID === undefined ? undefined : WARMABLE.get(transferSyntaxUID);
}

/** A decode task of the loader: the real one, or a stand-in in tests. */
type Decode = (
  imageFrame: Record<string, unknown>,
  transferSyntaxUID: string,
  pixelData: Uint8Array,
  canvas: undefined,
  options: Record<string, unknown>,
  decodeConfig: undefined,
) => Promise<unknown>;

/** Codecs (by sample) warmed on this page, or being warmed: each once. */
const warmed = new Set<Sample>();

/**
 * Loads the codec of a transfer syntax in every decode worker, without waiting: one sample decode
 * per worker, issued at once so the pool's least-loaded choice gives each worker one, since the
 * first frames go to whichever is free. Never throws and never rejects: a failure only means the
 * first frame loads the codec itself, as without the warm-up.
 */
export function warmDecoder(
  transferSyntaxUID: string | undefined,
  workers: number,
  decode: Decode = decodeImageFrame,
): void {
  const warmUp = warmUpFor(transferSyntaxUID);
  if (!warmUp || warmed.has(warmUp[1])) return;
  const [syntax, sample] = warmUp;
  warmed.add(sample);
  const imageFrame = {
    rows: sample.rows,
    columns: sample.columns,
    samplesPerPixel: 1,
    bitsAllocated: 8,
    bitsStored: 8,
    pixelRepresentation: 0,
    photometricInterpretation: 'MONOCHROME2',
  };
  const bytes = Uint8Array.from(atob(sample.base64), (char) => char.charCodeAt(0));
  for (let worker = 0; worker < workers; worker++) {
    try {
      // Each task gets its own copy: the pool may transfer the buffer to the worker.
      decode(imageFrame, syntax, bytes.slice(), undefined, { preScale: { enabled: false } }, undefined).catch(
        () => undefined,
      );
    } catch {
      return;
    }
  }
}
