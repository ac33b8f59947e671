import type { DicomJsonDataset, DicomJsonValue } from '../../dicom/json';

const SHARED_GROUPS = '52009229';
const PER_FRAME_GROUPS = '52009230';

function isDataset(value: DicomJsonValue | undefined): value is DicomJsonDataset {
  return (
    typeof value === 'object' &&
    value !== null &&
    !('Alphabetic' in value || 'Ideographic' in value || 'Phonetic' in value)
  );
}

/** The items of every functional group macro in one functional-groups item (PS3.3 C.7.6.16). */
function macroItems(groups: DicomJsonValue | undefined): DicomJsonDataset[] {
  if (!isDataset(groups)) return [];
  return Object.values(groups).flatMap((element) => {
    const item = element.Value?.[0];
    return element.vr === 'SQ' && isDataset(item) ? [item] : [];
  });
}

/**
 * One frame of an instance seen as a classic image: the attributes of the shared and then the
 * frame's own functional groups (Pixel Measures, Plane Position, Frame VOI LUT, Pixel Value
 * Transformation…) lifted to the top level, so a single reader serves classic and enhanced objects.
 * Classic objects come back unchanged.
 */
export function frameDataset(instance: DicomJsonDataset, frameNumber: number): DicomJsonDataset {
  const shared = instance[SHARED_GROUPS]?.Value?.[0];
  const perFrame = instance[PER_FRAME_GROUPS]?.Value?.[frameNumber - 1];
  if (shared === undefined && perFrame === undefined) return instance;
  const merged: DicomJsonDataset = { ...instance };
  for (const item of [...macroItems(shared), ...macroItems(perFrame)]) Object.assign(merged, item);
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- constant tags; the merged frame must not carry the groups
  delete merged[SHARED_GROUPS];
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- as above
  delete merged[PER_FRAME_GROUPS];
  return merged;
}

/** Number of Frames (0028,0008); 1 when absent or invalid. */
export function numberOfFrames(instance: DicomJsonDataset): number {
  const raw = instance['00280008']?.Value?.[0];
  const count = typeof raw === 'number' ? raw : Number(raw);
  return Number.isInteger(count) && count > 0 ? count : 1;
}
