import { firstNumber, firstString, type DicomJsonDataset, type DicomJsonElement } from '../../dicom/json';
import { elementBytes, type FetchBytes } from './bulkData';
import type { FrameMetadata } from './frameMetadata';
import {
  descriptorOf,
  entriesOf,
  expandSegmentedLut,
  lutEntriesFromBytes,
  wordsFromBytes,
  type Lut,
  type LutDescriptor,
} from './lutData';

type InstanceLuts = Pick<FrameMetadata, 'palette' | 'modalityLut' | 'voiLuts'>;

function numberArray(element: DicomJsonElement | undefined): number[] | undefined {
  const values = element?.Value;
  if (!values?.length || !values.every((value) => typeof value === 'number')) return undefined;
  return values;
}

async function lutEntries(
  element: DicomJsonElement | undefined,
  entries: number,
  signed: boolean,
  fetchBytes: FetchBytes,
): Promise<number[] | undefined> {
  const inline = numberArray(element);
  if (inline) return inline.slice(0, entries);
  const bytes = await elementBytes(element, fetchBytes);
  return bytes && lutEntriesFromBytes(bytes, entries, signed);
}

async function paletteChannel(
  instance: DicomJsonDataset,
  channel: 0 | 1 | 2,
  fetchBytes: FetchBytes,
): Promise<number[] | undefined> {
  const descriptor = descriptorOf(numberArray(instance[`0028110${channel + 1}`]), false);
  if (!descriptor) return undefined;
  const entries = entriesOf(descriptor);
  const segmented = instance[`0028122${channel + 1}`];
  if (segmented) {
    const bytes = await elementBytes(segmented, fetchBytes);
    return bytes && expandSegmentedLut(wordsFromBytes(bytes), entries);
  }
  return lutEntries(instance[`0028120${channel + 1}`], entries, false, fetchBytes);
}

async function sequenceLut(
  item: DicomJsonDataset,
  signedPixels: boolean,
  fetchBytes: FetchBytes,
): Promise<Lut | undefined> {
  const descriptor: LutDescriptor | undefined = descriptorOf(numberArray(item['00283002']), signedPixels);
  if (!descriptor) return undefined;
  const lut = await lutEntries(item['00283006'], entriesOf(descriptor), item['00283006']?.vr === 'SS', fetchBytes);
  const explanation = firstString(item, '00283003')?.trim();
  return lut?.length
    ? { firstValueMapped: descriptor[1], numBitsPerEntry: descriptor[2], lut, ...(explanation && { explanation }) }
    : undefined;
}

function sequenceItems(instance: DicomJsonDataset, tag: string): DicomJsonDataset[] {
  return (instance[tag]?.Value ?? []).filter(
    (item): item is DicomJsonDataset => typeof item === 'object' && item !== null && !('Alphabetic' in item),
  );
}

/**
 * X-ray angiography and fluoroscopy Modality LUTs map to a non-display space (PS3.3 C.8.7.1.1.2),
 * as Cornerstone also treats them.
 */
const MODALITY_LUT_NOT_FOR_DISPLAY = new Set(['1.2.840.10008.5.1.4.1.1.12.1', '1.2.840.10008.5.1.4.1.1.12.2.1']);

/**
 * Fetches and expands the lookup tables an instance needs before its pixels can be shown: palette
 * colour LUTs, the Modality LUT Sequence and the VOI LUT Sequence. A Modality LUT Sequence wins
 * over Rescale Slope/Intercept when a file has both (C.11.1 allows only one; dcmtk does the same).
 */
export async function resolveLuts(instance: DicomJsonDataset, fetchBytes: FetchBytes): Promise<InstanceLuts> {
  const signed = firstNumber(instance, '00280103') === 1;
  const photometric = firstString(instance, '00280004')?.trim();
  let palette: InstanceLuts['palette'];
  if (photometric === 'PALETTE COLOR') {
    const [red, green, blue] = await Promise.all(
      [0, 1, 2].map((c) => paletteChannel(instance, c as 0 | 1 | 2, fetchBytes)),
    );
    if (red && green && blue) palette = { red, green, blue };
  }
  const modalityItem = sequenceItems(instance, '00283000')[0];
  const sopClass = firstString(instance, '00080016');
  const modalityLut =
    modalityItem && !MODALITY_LUT_NOT_FOR_DISPLAY.has(sopClass ?? '')
      ? await sequenceLut(modalityItem, signed, fetchBytes)
      : undefined;
  const voiLuts = (
    await Promise.all(sequenceItems(instance, '00283010').map((item) => sequenceLut(item, signed, fetchBytes)))
  ).filter((lut): lut is Lut => lut !== undefined);
  return { ...(palette && { palette }), ...(modalityLut && { modalityLut }), voiLuts };
}
