import { firstNumber, firstString, type DicomJsonDataset } from './json';

export type Displayability = { readonly displayable: true } | { readonly displayable: false; readonly reason: string };

/**
 * Image SOP Classes inside a family listed below: RT Image (1.2.840.10008.5.1.4.1.1.481.1) is a
 * plain projection image, unlike the rest of the RT objects.
 */
const IMAGES_AMONG_NON_IMAGES: ReadonlySet<string> = new Set(['1.2.840.10008.5.1.4.1.1.481.1']);

/**
 * SOP Class UID prefixes (PS3.4 B.5) of objects a stack viewer cannot show, with what to tell the
 * reader: objects without an image, and those whose pixels are not a picture (dose grids,
 * segment masks, float maps, tiled slides). Every other class with Pixel Data renders.
 */
const NOT_DISPLAYABLE: readonly (readonly [string, string])[] = [
  ['1.2.840.10008.5.1.4.1.1.88.', 'Structured report — not displayable'],
  ['1.2.840.10008.5.1.4.1.1.9.', 'Waveform (ECG) — not displayable'],
  ['1.2.840.10008.5.1.4.1.1.104.1', 'PDF document — not displayable'],
  ['1.2.840.10008.5.1.4.1.1.104.', 'Encapsulated document — not displayable'],
  ['1.2.840.10008.5.1.4.1.1.481.', 'Radiotherapy object — not displayable'],
  ['1.2.840.10008.5.1.4.34.', 'Radiotherapy object — not displayable'],
  ['1.2.840.10008.5.1.4.1.1.66.4', 'Segmentation — not displayable'],
  ['1.2.840.10008.5.1.4.1.1.66.7', 'Segmentation — not displayable'],
  ['1.2.840.10008.5.1.4.1.1.66', 'Raw data or registration — not displayable'],
  ['1.2.840.10008.5.1.4.1.1.66.', 'Raw data or registration — not displayable'],
  ['1.2.840.10008.5.1.4.1.1.67', 'Real world value mapping — not displayable'],
  ['1.2.840.10008.5.1.4.1.1.11.', 'Presentation state — not displayable'],
  ['1.2.840.10008.5.1.4.1.1.77.1.6', 'Whole-slide microscopy — not displayable'],
  ['1.2.840.10008.5.1.4.1.1.30', 'Parametric map — not displayable'],
];

/** MPEG-2/4, HEVC video transfer syntaxes (PS3.5 A.4.5+): frames are not served as images. */
const VIDEO_TRANSFER_SYNTAX = /^1\.2\.840\.10008\.1\.2\.4\.(10[0-9]|11[0-9])$/;

/**
 * Whether the stack viewer can show an instance, decided from its metadata alone so the series
 * panel can say so before anything is downloaded.
 */
export function displayabilityOf(instance: DicomJsonDataset): Displayability {
  const sopClass = firstString(instance, '00080016') ?? '';
  const match =
    !IMAGES_AMONG_NON_IMAGES.has(sopClass) &&
    NOT_DISPLAYABLE.find(([prefix]) => sopClass === prefix || (prefix.endsWith('.') && sopClass.startsWith(prefix)));
  if (match) return { displayable: false, reason: match[1] };
  if (instance['7FE00008'] || instance['7FE00009'])
    return { displayable: false, reason: 'Floating-point pixel data — not displayable' };
  const rows = firstNumber(instance, '00280010');
  const columns = firstNumber(instance, '00280011');
  // DICOMweb metadata lists Pixel Data as a BulkDataURI (PS3.18 F.2.6); without it there is nothing to fetch.
  if (!rows || !columns || !instance['7FE00010'])
    return { displayable: false, reason: 'No image data — not displayable' };
  const transferSyntax = firstString(instance, '00020010') ?? '';
  if (VIDEO_TRANSFER_SYNTAX.test(transferSyntax)) return { displayable: false, reason: 'Video — not displayable' };
  return { displayable: true };
}
