import type { DicomJsonDataset, DicomJsonElement } from '../../../dicom/json';
import type { BackendResponse } from '../../dicomweb/backend';
import type { StoreRequest } from '../../dicomweb/request';
import type { IngestFailure, IngestOutcome, IngestSuccess, IngestWarning } from '../ingest/outcome';

/** FailureReason values of the Store Instances Response (PS3.18 10.5.3, codes as in PS3.4 B.2.3). */
const FAILURE_REASON: Record<IngestFailure['code'], number> = {
  NOT_DICOM: 0xc000, // Error: Cannot understand
  TRUNCATED: 0xc000,
  BAD_FILE_META: 0xc000,
  MALFORMED: 0xc000,
  INVALID_VALUE: 0xc000,
  UNSUPPORTED_TRANSFER_SYNTAX: 0xc122, // Referenced Transfer Syntax not supported
  MISSING_UID: 0xa900, // Error: Data Set does not match SOP Class
  INVALID_UID: 0xa900,
  STUDY_MISMATCH: 0xa900, // the instance is not of the study the request names (as Microsoft's DICOM service answers)
  UID_CONFLICT: 0x0110, // Processing failure
  IDENTITY_CHANGE: 0x0110,
  NO_PIXEL_DATA: 0xa900,
  TRUNCATED_PIXEL_DATA: 0xc000,
  OUT_OF_RESOURCES: 0xa700, // Refused: Out of Resources
  STORAGE_FAILED: 0x0110,
};
/**
 * WarningReason (PS3.4 B.2.3) of an instance stored with warnings; one per instance, so the most
 * telling: B007 Data Set does not match SOP Class, then B000 Coercion of Data Elements, then B006
 * Elements Discarded.
 */
const WARNING_REASONS: [IngestWarning['code'][], number][] = [
  [['SOP_CLASS_MISMATCH'], 0xb007],
  [['SOP_INSTANCE_MISMATCH', 'TOLERATED', 'MISSING'], 0xb000],
  [['DISCARDED'], 0xb006],
];

/**
 * The response body and status (PS3.18 10.5.3): 200 when every instance was stored, 202 when some
 * failed or were stored with warnings, 409 when none was stored. Failed and warned items also carry
 * ErrorComment (0000,0902) with the whole reason in words, longer than LO's 64 characters when it
 * must be: a person reads it, and a cut sentence helps no one.
 */
export function stowResponse(outcomes: IngestOutcome[], request: StoreRequest, publicBase: string): BackendResponse {
  const stored = outcomes.filter((o): o is IngestSuccess => o.ok);
  const failed = outcomes.filter((o): o is IngestFailure => !o.ok);
  const body: DicomJsonDataset = {};
  const studies = new Set(stored.map((o) => o.studyInstanceUID));
  const study = request.study ?? (studies.size === 1 ? [...studies][0] : undefined);
  if (study !== undefined) body['00081190'] = url(`${publicBase}/studies/${study}`);
  if (failed.length > 0) body['00081198'] = { vr: 'SQ', Value: failed.map(failedItem) };
  if (stored.length > 0) body['00081199'] = { vr: 'SQ', Value: stored.map((o) => storedItem(o, publicBase)) };
  const warned = stored.some((o) => o.warnings.length > 0);
  const status = stored.length === 0 ? 409 : failed.length > 0 || warned ? 202 : 200;
  return { status, headers: { 'content-type': 'application/dicom+json' }, body: JSON.stringify(body) };
}

function failedItem(outcome: IngestFailure): DicomJsonDataset {
  return {
    '00000902': { vr: 'LO', Value: [outcome.reason] },
    '00081150': uid(outcome.sopClassUID),
    '00081155': uid(outcome.sopInstanceUID),
    '00081197': { vr: 'US', Value: [FAILURE_REASON[outcome.code]] },
  };
}

function storedItem(outcome: IngestSuccess, publicBase: string): DicomJsonDataset {
  const item: DicomJsonDataset = {
    '00081150': uid(outcome.sopClassUID),
    '00081155': uid(outcome.sopInstanceUID),
    '00081190': url(
      `${publicBase}/studies/${outcome.studyInstanceUID}/series/${outcome.seriesInstanceUID}/instances/${outcome.sopInstanceUID}`,
    ),
  };
  // A re-sent file is said to be one first, so an uploader can say "already there" of it.
  const comments = outcome.duplicate ? ['Already stored: the same instance was received before'] : [];
  const reason = WARNING_REASONS.find(([codes]) => outcome.warnings.some((w) => codes.includes(w.code)));
  if (reason) {
    comments.push(`Stored with corrections: ${outcome.warnings.map((w) => w.reason).join('; ')}`);
    item['00081196'] = { vr: 'US', Value: [reason[1]] };
  }
  if (comments.length > 0) item['00000902'] = { vr: 'LO', Value: [comments.join('. ')] };
  return item;
}

function uid(value: string | undefined): DicomJsonElement {
  return value === undefined ? { vr: 'UI' } : { vr: 'UI', Value: [value] };
}

function url(value: string): DicomJsonElement {
  return { vr: 'UR', Value: [value] };
}
