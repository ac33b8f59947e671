import { trailingGarbageWarning, type Part10Json } from '../../../dicom/part10Json';
import type { IngestWarning } from './outcome';

/** Attributes the archive lists and sorts by, optional in the IODs (Type 2 or 3), whose absence a reader should know of. */
const LISTED_BY = [
  ['00080060', '(0008,0060) Modality', 'the series is listed without a modality'],
  ['00200011', '(0020,0011) Series Number', 'the series is sorted after the numbered ones'],
  ['00200013', '(0020,0013) Instance Number', 'the instance is sorted after the numbered ones'],
] as const;

/**
 * Everything an instance was stored despite, in words a person can check against the file:
 * the File Meta checks (identify.ts), what the parser stepped over, and absent listing attributes.
 * Derived from the file alone, so a rebuilt index has the same warnings as the original ingest.
 */
export function ingestWarnings(parsed: Part10Json, metaWarnings: IngestWarning[]): IngestWarning[] {
  const garbage = parsed.trailingBytes > 0 ? trailingGarbageWarning(parsed.trailingBytes) : undefined;
  const missing: IngestWarning[] = LISTED_BY.filter(([tag]) => parsed.dataset[tag] === undefined).map(
    ([, name, effect]) => ({ code: 'MISSING', reason: `${name} is missing: ${effect}` }),
  );
  return [
    ...metaWarnings,
    ...parsed.warnings.map((reason): IngestWarning => ({
      code: reason === garbage ? 'DISCARDED' : 'TOLERATED',
      reason,
    })),
    ...missing,
  ];
}
