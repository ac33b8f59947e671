import { frameBits } from '../../../dicom/pixel/nativeFrame';
import { HttpError } from '../../errors';
import { parsePart10 } from '../wado/dicomParser';
import { pixelLayout } from '../wado/pixelLayout';
import type { IngestFailureCode } from './outcome';

const STORAGE = '1.2.840.10008.5.1.4.1.1.';

/**
 * Storage SOP classes whose IOD makes Pixel Data (or Float/Double Float Pixel Data) Type 1
 * (PS3.3 Annex A): an instance of one without it has nothing to show, so it is not stored.
 */
const IMAGE_SOP_CLASSES = new Set([
  ...[
    '1',
    '1.1',
    '1.1.1',
    '1.2',
    '1.2.1',
    '1.3',
    '1.3.1',
    '2',
    '2.1',
    '2.2',
    '3.1',
    '4',
    '4.1',
    '4.3',
    '4.4',
    '6.1',
    '6.2',
    '7',
    '7.1',
    '7.2',
    '7.3',
    '7.4',
    '12.1',
    '12.1.1',
    '12.2',
    '12.2.1',
    '13.1.1',
    '13.1.2',
    '13.1.3',
    '13.1.4',
    '13.1.5',
    '14.1',
    '14.2',
    '20',
    '30',
    '77.1.1',
    '77.1.1.1',
    '77.1.2',
    '77.1.2.1',
    '77.1.3',
    '77.1.4',
    '77.1.4.1',
    '77.1.5.1',
    '77.1.5.2',
    '77.1.5.4',
    '77.1.5.5',
    '77.1.5.6',
    '77.1.5.7',
    '77.1.5.8',
    '77.1.6',
    '77.1.7',
    '81.1',
    '82.1',
    '128',
    '128.1',
    '130',
    '481.1',
  ].map((suffix) => STORAGE + suffix),
  '1.2.840.10008.5.1.1.29', // Hardcopy Grayscale Image
  '1.2.840.10008.5.1.1.30', // Hardcopy Color Image
]);

interface PixelProblem {
  code: IngestFailureCode;
  reason: string;
}

/** Whether instances of this SOP class must carry an image (an instance without one is refused). */
export function isImageSopClass(sopClassUID: string | undefined): boolean {
  return sopClassUID !== undefined && IMAGE_SOP_CLASSES.has(sopClassUID);
}

/**
 * Why the pixel data of an instance cannot be shown, or undefined when it can be (or the instance
 * has no image). `source` is the file as received, or a deflated file's inflated rendition; the
 * frames are laid out exactly as WADO-RS will cut them, so what is stored can be served.
 */
export function pixelProblem(
  source: Uint8Array,
  transferSyntaxUID: string,
  sopClassUID: string,
): PixelProblem | undefined {
  let layout: ReturnType<typeof pixelLayout>;
  try {
    layout = pixelLayout(parsePart10(source, transferSyntaxUID));
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    if (error.code === 'PIXEL_DATA_NOT_FOUND') {
      return isImageSopClass(sopClassUID)
        ? {
            code: 'NO_PIXEL_DATA',
            reason: `The instance is of image SOP class ${sopClassUID} but has no Pixel Data (7FE0,0010): there is no image to store; send the file with its pixel data`,
          }
        : undefined;
    }
    // 406: a transfer syntax (video) whose frames are served whole, not cut: nothing to check here.
    if (error.status === 406) return undefined;
    const detail = error.cause instanceof Error ? error.cause.message : error.message;
    return {
      code: 'TRUNCATED_PIXEL_DATA',
      reason: `The pixel data cannot be read (${detail}): the file is truncated or damaged; send it again from the source`,
    };
  }
  if (layout.native === undefined) return undefined;
  const { geometry, numberOfFrames } = layout;
  const needed = Math.ceil((frameBits(geometry) * numberOfFrames) / 8);
  if (layout.native.length >= needed) return undefined;
  const frames = numberOfFrames > 1 ? ` × ${numberOfFrames} frames` : '';
  const samples = geometry.samplesPerPixel > 1 ? ` × ${geometry.samplesPerPixel} samples` : '';
  return {
    code: 'TRUNCATED_PIXEL_DATA',
    reason: `Pixel Data ends ${needed - layout.native.length} bytes short of ${geometry.rows} × ${geometry.columns}${samples}${frames} × ${geometry.bitsAllocated}-bit: the file is truncated; send it again from the source`,
  };
}
