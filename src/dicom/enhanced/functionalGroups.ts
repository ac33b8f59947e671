import type { DicomJsonDataset, DicomJsonValue } from '../json';

const SHARED_GROUPS = '52009229';
const PER_FRAME_GROUPS = '52009230';

function isDataset(value: DicomJsonValue | undefined): value is DicomJsonDataset {
  return (
    typeof value === 'object' &&
    value !== null &&
    !('Alphabetic' in value || 'Ideographic' in value || 'Phonetic' in value)
  );
}

/** Private tags have an odd group number (PS3.5 7.8). */
function isPrivate(tag: string): boolean {
  return parseInt(tag.slice(3, 4), 16) % 2 === 1;
}

function withoutPrivate(item: DicomJsonDataset): DicomJsonDataset {
  return Object.fromEntries(Object.entries(item).filter(([tag]) => !isPrivate(tag)));
}

/**
 * The items of every standard functional group macro in one functional-groups item (PS3.3 C.7.6.16).
 * Private groups stay out: Philips' (2005,140F) repeats classic attributes (rescale, window,
 * position) that need not agree with the standard macros, and as the last tag it would win.
 */
function macroItems(groups: DicomJsonValue | undefined): DicomJsonDataset[] {
  if (!isDataset(groups)) return [];
  return Object.entries(groups).flatMap(([tag, element]) => {
    const item = element.Value?.[0];
    return !isPrivate(tag) && element.vr === 'SQ' && isDataset(item) ? [withoutPrivate(item)] : [];
  });
}

/** True when the instance carries Shared or Per-Frame Functional Groups (an enhanced object). */
export function hasFunctionalGroups(instance: DicomJsonDataset): boolean {
  return instance[SHARED_GROUPS] !== undefined || instance[PER_FRAME_GROUPS] !== undefined;
}

/**
 * One frame of an instance seen as a classic image: the attributes of the shared and then the
 * frame's own functional groups (Pixel Measures, Plane Position, Frame VOI LUT, Pixel Value
 * Transformation, Frame Content, MR/CT Image Frame Type…) lifted to the top level, so a single
 * reader serves classic and enhanced objects. Classic objects come back unchanged.
 */
export function frameAttributes(instance: DicomJsonDataset, frameNumber: number): DicomJsonDataset {
  if (!hasFunctionalGroups(instance)) return instance;
  const shared = instance[SHARED_GROUPS]?.Value?.[0];
  const perFrame = instance[PER_FRAME_GROUPS]?.Value?.[frameNumber - 1];
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
