import type { DicomJsonDataset } from '../../dicom/json';
import { decodeFrame } from './decodeFrame';
import { encodeImage, fitViewport } from './encodeImage';
import { pixelAttributes, renderPixels } from './renderPixels';

/**
 * A small CT-like frame (16-bit signed, rescaled, windowed) for the renderer's first runs. The
 * renderer is plain JavaScript (jpeg-js among it): its first picture runs unoptimised, several
 * times slower than later ones (about 350 ms against 60 ms for a 512² JPEG here), and the first
 * picture a gateway renders is usually a remote reader's first image (http/openingPicture.ts).
 */
const SIDE = 256;
const WARM_FRAME: DicomJsonDataset = {
  '00280002': { vr: 'US', Value: [1] },
  '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
  '00280010': { vr: 'US', Value: [SIDE] },
  '00280011': { vr: 'US', Value: [SIDE] },
  '00280100': { vr: 'US', Value: [16] },
  '00280101': { vr: 'US', Value: [16] },
  '00280103': { vr: 'US', Value: [1] },
  '00281050': { vr: 'DS', Value: [40] },
  '00281051': { vr: 'DS', Value: [400] },
  '00281052': { vr: 'DS', Value: [-1024] },
  '00281053': { vr: 'DS', Value: [1] },
};
const NATIVE = '1.2.840.10008.1.2.1';
const RUNS = 3;

async function renderOnce(): Promise<void> {
  const pixels = new Int16Array(SIDE * SIDE);
  for (let index = 0; index < pixels.length; index++) pixels[index] = ((index * 37) % 2000) - 200;
  const decoded = await decodeFrame(new Uint8Array(pixels.buffer), NATIVE, pixelAttributes(WARM_FRAME));
  const image = renderPixels(decoded, WARM_FRAME, {});
  encodeImage(image, 'image/jpeg');
  encodeImage(fitViewport(image, { width: SIDE / 2, height: SIDE / 2 }), 'image/png');
}

/**
 * Renders a few throwaway pictures, one per turn of the event loop so requests are not held up
 * for long, once the gateway is listening. Never fails: a renderer that cannot warm up still renders.
 */
export function warmRenderer(): Promise<void> {
  const next = () => new Promise((resolve) => setImmediate(resolve));
  return (async () => {
    for (let run = 0; run < RUNS; run++) {
      await next();
      await renderOnce();
    }
  })().catch(() => undefined);
}
