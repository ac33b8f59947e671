import { firstString, type DicomJsonDataset } from '../../../dicom/json';
import type { Part10Json } from '../../../dicom/part10Json';
import { isUid } from '../../../dicom/uid';
import type { IngestFailure, IngestWarning } from './outcome';

export interface Identity {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  sopClassUID: string;
}

const REQUIRED = [
  ['00080018', 'SOP Instance UID (0008,0018)', 'sopInstanceUID'],
  ['00080016', 'SOP Class UID (0008,0016)', 'sopClassUID'],
  ['0020000D', 'Study Instance UID (0020,000D)', 'studyInstanceUID'],
  ['0020000E', 'Series Instance UID (0020,000E)', 'seriesInstanceUID'],
] as const;

/**
 * The four UIDs that place an instance in the archive, each present and well formed (PS3.5 9.1),
 * or the reason the instance cannot be stored. They become folder and file names only after this.
 */
export function identify(parsed: Part10Json): { identity: Identity; warnings: IngestWarning[] } | IngestFailure {
  const { dataset } = parsed;
  const identity: Partial<Identity> = {};
  const sopInstanceUID = firstString(dataset, '00080018');
  const sopClassUID = firstString(dataset, '00080016');
  const known = {
    ...(sopInstanceUID !== undefined && isUid(sopInstanceUID) ? { sopInstanceUID } : {}),
    ...(sopClassUID !== undefined && isUid(sopClassUID) ? { sopClassUID } : {}),
  };
  for (const [tag, name, key] of REQUIRED) {
    const value = firstString(dataset, tag);
    if (value === undefined || value === '') {
      return {
        ok: false,
        code: 'MISSING_UID',
        reason: `The data set has no ${name}, which every stored instance needs`,
        ...known,
      };
    }
    if (!isUid(value)) {
      return {
        ok: false,
        code: 'INVALID_UID',
        reason: `${name} "${value.slice(0, 70)}" is not a valid UID (digits and dots, at most 64 characters)`,
        ...known,
      };
    }
    identity[key] = value;
  }
  return { identity: identity as Identity, warnings: metaWarnings(parsed.fileMeta, dataset) };
}

function metaWarnings(fileMeta: DicomJsonDataset | undefined, dataset: DicomJsonDataset): IngestWarning[] {
  if (fileMeta === undefined) return [];
  const warnings: IngestWarning[] = [];
  const pairs = [
    ['00020002', '00080016', 'SOP Class UID', 'SOP_CLASS_MISMATCH'],
    ['00020003', '00080018', 'SOP Instance UID', 'SOP_INSTANCE_MISMATCH'],
  ] as const;
  for (const [metaTag, datasetTag, name, code] of pairs) {
    const inMeta = firstString(fileMeta, metaTag);
    const inDataset = firstString(dataset, datasetTag);
    if (inMeta !== undefined && inMeta !== inDataset) {
      warnings.push({
        code,
        reason: `The File Meta ${name} ${inMeta.slice(0, 64)} differs from the data set's ${inDataset ?? '(none)'}; the data set's was used`,
      });
    }
  }
  return warnings;
}
