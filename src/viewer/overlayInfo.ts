import { firstNumber, firstString, type DicomJsonDataset } from '../dicom/json';
import { formatWindow, type VoiWindow } from '../dicom/voi';

/** Text lines for the four corners of a viewport, reading-room convention. */
export interface OverlayCorners {
  readonly topLeft: readonly string[];
  readonly topRight: readonly string[];
  readonly bottomLeft: readonly string[];
  readonly bottomRight: readonly string[];
}

interface OverlayView {
  readonly imageIndex: number;
  readonly imageCount: number;
  readonly frameNumber: number;
  readonly numberOfFrames: number;
  readonly window?: VoiWindow;
  readonly zoom: number;
}

/** DA "YYYYMMDD" → "YYYY-MM-DD" (ISO, unambiguous across locales); other text unchanged. */
export function formatDate(value: string | undefined): string | undefined {
  const match = value && /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  return match ? `${match[1]}-${match[2]}-${match[3]}` : value?.trim() || undefined;
}

/** PN "Family^Given^Middle^Prefix^Suffix" → "FAMILY, Given Middle" as worklists print it. */
export function formatPersonName(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = value.split('^').map((part) => part.trim());
  const rest = [prefix, given, middle, suffix].filter(Boolean).join(' ');
  return [family.toUpperCase(), rest].filter(Boolean).join(', ') || undefined;
}

const mm = (value: number) => `${Math.round(value * 100) / 100} mm`;

export function overlayCorners(dataset: DicomJsonDataset, view: OverlayView): OverlayCorners {
  const name = formatPersonName(firstString(dataset, '00100010'));
  const id = firstString(dataset, '00100020');
  const birthDate = formatDate(firstString(dataset, '00100030'));
  const sex = firstString(dataset, '00100040');
  const seriesNumber = firstNumber(dataset, '00200011');
  const seriesDescription = firstString(dataset, '0008103E');
  const sliceLocation = firstNumber(dataset, '00201041');
  const thickness = firstNumber(dataset, '00180050');
  const lines = (...values: (string | undefined | false)[]) =>
    values.filter((value): value is string => Boolean(value));
  return {
    topLeft: lines(name, id && `ID ${id}`, [birthDate && `DOB ${birthDate}`, sex].filter(Boolean).join('  ')),
    topRight: lines(
      formatDate(firstString(dataset, '00080020')),
      firstString(dataset, '00081030'),
      [seriesNumber !== undefined && `Se ${seriesNumber}`, seriesDescription].filter(Boolean).join(' '),
    ),
    bottomLeft: lines(
      `Im ${view.imageIndex + 1} / ${view.imageCount}`,
      view.numberOfFrames > 1 && `Frame ${view.frameNumber} / ${view.numberOfFrames}`,
      sliceLocation !== undefined && `Loc ${mm(sliceLocation)}`,
      thickness !== undefined && `Thk ${mm(thickness)}`,
    ),
    bottomRight: lines(view.window && formatWindow(view.window), `Zoom ${Math.round(view.zoom * 100)}%`),
  };
}

/**
 * Unit of modality values: Rescale Type (0028,1054) when it names one ("US" means unspecified),
 * else HU for CT, whose rescaled values are Hounsfield units by definition (PS3.3 C.8.2.1.1.6).
 */
export function valueUnit(dataset: DicomJsonDataset): string {
  const rescaleType = firstString(dataset, '00281054')?.trim();
  if (rescaleType && rescaleType !== 'US') return rescaleType;
  return firstString(dataset, '00080060') === 'CT' ? 'HU' : '';
}

/** "(256, 310) 40 HU" or "(10, 4) R 255 G 0 B 12" for the pixel under the cursor. */
export function formatReadout(
  readout: { column: number; row: number; value: number | readonly number[] },
  unit: string,
): string {
  const round = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));
  const value =
    typeof readout.value === 'number'
      ? [round(readout.value), unit].filter(Boolean).join(' ')
      : readout.value.map((sample, index) => `${'RGBA'[index] ?? ''} ${round(sample)}`).join(' ');
  return `(${readout.column}, ${readout.row}) ${value}`;
}
