import { beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeWithWasm } from '../../test/support/wasmCodecs';

// The loader's default decode needs its browser workers; these tests pass their own.
vi.mock('@cornerstonejs/dicom-image-loader', () => ({ decodeImageFrame: vi.fn() }));

/** A fresh module each test: the codecs warmed are remembered for the page's life. */
async function load() {
  vi.resetModules();
  return import('./decoderWarmup');
}

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));

describe('warmUpFor', () => {
  let warmUpFor: Awaited<ReturnType<typeof load>>['warmUpFor'];
  beforeEach(async () => ({ warmUpFor } = await load()));

  it('warms the WebAssembly codecs: HTJ2K (what the gateway sends), JPEG 2000, JPEG-LS', () => {
    for (const uid of ['1.2.840.10008.1.2.4.201', '1.2.840.10008.1.2.4.202', '1.2.840.10008.1.2.4.203'])
      expect(warmUpFor(uid)?.[0]).toBe('1.2.840.10008.1.2.4.201');
    expect(warmUpFor('1.2.840.10008.1.2.4.91')?.[0]).toBe('1.2.840.10008.1.2.4.90');
    expect(warmUpFor('1.2.840.10008.1.2.4.81')?.[0]).toBe('1.2.840.10008.1.2.4.80');
  });

  it('leaves syntaxes the worker decodes in JavaScript, and unknown ones, alone', () => {
    for (const uid of [
      '1.2.840.10008.1.2.1',
      '1.2.840.10008.1.2.5',
      '1.2.840.10008.1.2.4.70',
      '1.2.840.10008.1.2.4.50',
    ])
      expect(warmUpFor(uid), uid).toBeUndefined();
    expect(warmUpFor(undefined)).toBeUndefined();
  });

  it('has samples that decode losslessly with the codecs the browser uses', async () => {
    for (const uid of ['1.2.840.10008.1.2.4.202', '1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.80']) {
      const [syntax, sample] = warmUpFor(uid)!;
      const { info, samples } = await decodeWithWasm(syntax, bytesOf(sample.base64));
      expect([info.width, info.height, info.componentCount, info.bitsPerSample], uid).toEqual([
        sample.columns,
        sample.rows,
        1,
        8,
      ]);
      expect(Array.from(samples), uid).toEqual(
        Array.from({ length: sample.rows * sample.columns }, (_, i) => (i * 7) & 255),
      );
    }
  });
});

describe('warmDecoder', () => {
  it('decodes one sample per worker, at once, and each codec once per page', async () => {
    const { warmDecoder } = await load();
    const decode = vi.fn((..._args: unknown[]) => new Promise<never>(() => undefined));
    warmDecoder('1.2.840.10008.1.2.4.202', 3, decode);
    expect(decode).toHaveBeenCalledTimes(3);
    const [imageFrame, syntax, pixels, , options] = decode.mock.calls[0] as unknown as [
      { rows: number; columns: number },
      string,
      Uint8Array,
      undefined,
      unknown,
    ];
    expect(syntax).toBe('1.2.840.10008.1.2.4.201');
    expect([imageFrame.rows, imageFrame.columns]).toEqual([8, 8]);
    // A codestream: SOC marker first.
    expect([pixels[0], pixels[1]]).toEqual([0xff, 0x4f]);
    expect(options).toEqual({ preScale: { enabled: false } });
    // Each worker its own buffer: a transferred one would be detached for the others.
    expect(decode.mock.calls[1]![2]).not.toBe(pixels);

    warmDecoder('1.2.840.10008.1.2.4.201', 3, decode);
    warmDecoder('1.2.840.10008.1.2.1', 3, decode);
    expect(decode).toHaveBeenCalledTimes(3);
    warmDecoder('1.2.840.10008.1.2.4.80', 1, decode);
    expect(decode).toHaveBeenCalledTimes(4);
  });

  it('never fails the viewer: a rejected or throwing decode is swallowed', async () => {
    const { warmDecoder } = await load();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      expect(() =>
        warmDecoder('1.2.840.10008.1.2.4.202', 2, () => Promise.reject(new Error('no worker'))),
      ).not.toThrow();
      expect(() =>
        warmDecoder('1.2.840.10008.1.2.4.90', 1, () => {
          throw new Error('no pool');
        }),
      ).not.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
