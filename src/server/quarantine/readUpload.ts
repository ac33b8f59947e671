import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { firstString, type DicomJsonDataset } from '../../dicom/json';
import { Part10Error, part10ToJson } from '../../dicom/part10Json';
import { fileMetaHeader } from '../archive/ingest/fileMeta';
import { identify, type Identity } from '../archive/ingest/identify';
import type { IngestFailure, IngestWarning } from '../archive/ingest/outcome';

/** An uploaded file that passed the archive's checks, with what Incoming shows of it. */
export interface UploadedInstance {
  identity: Identity;
  /** A Part 10 file: the bytes as received, behind generated File Meta when they came without. */
  part10: Uint8Array[];
  size: number;
  sha256: string;
  /** True when `part10` is the received bytes alone (the synced temp file can be renamed as it is). */
  asReceived: boolean;
  /** As the archive words them: a SOP Class mismatch makes the STOW-RS answer 202. */
  warnings: IngestWarning[];
  patient: { id?: string; name?: string; birthDate?: string };
  study: { date?: string; description?: string };
  series: { modality?: string; description?: string };
}

/**
 * A deflated data set is inflated here in memory, so it is capped: an upload link is open to
 * people outside the hospital, and a few kilobytes of deflate can claim gigabytes.
 */
const MAX_INFLATED_BYTES = 256 * 1024 ** 2;

/**
 * The archive's checks on one received file (archive/ingest: parse, the four UIDs, File Meta
 * agreement, the study a STOW-RS to /studies/{study} names), without storing it anywhere.
 */
export function readUpload(bytes: Uint8Array, pathStudy: string | undefined): UploadedInstance | IngestFailure {
  let parsed;
  try {
    parsed = part10ToJson(bytes, {
      inflate: (deflated) => inflateRawSync(deflated, { maxOutputLength: MAX_INFLATED_BYTES }),
    });
  } catch (error) {
    if (error instanceof Part10Error) return { ok: false, code: error.code, reason: error.message };
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'MALFORMED', reason: `The file could not be parsed as DICOM (${detail.slice(0, 200)})` };
  }
  const checked = identify(parsed);
  if ('ok' in checked) return checked;
  const { identity } = checked;
  if (pathStudy !== undefined && pathStudy !== identity.studyInstanceUID) {
    return {
      ok: false,
      code: 'STUDY_MISMATCH',
      reason: `The instance belongs to study ${identity.studyInstanceUID}, not to study ${pathStudy} named in the request`,
      sopInstanceUID: identity.sopInstanceUID,
      sopClassUID: identity.sopClassUID,
    };
  }
  const header = parsed.fileMeta === undefined ? fileMetaHeader(identity, parsed.transferSyntaxUID) : undefined;
  const part10 = header === undefined ? [bytes] : [header, bytes];
  const hash = createHash('sha256');
  for (const chunk of part10) hash.update(chunk);
  const { dataset } = parsed;
  return {
    identity,
    part10,
    size: part10.reduce((sum, chunk) => sum + chunk.length, 0),
    sha256: hash.digest('hex'),
    asReceived: header === undefined,
    warnings: [...checked.warnings, ...parsed.warnings.map((reason) => ({ code: 'TOLERATED' as const, reason }))],
    patient: { id: text(dataset, '00100020'), name: text(dataset, '00100010'), birthDate: text(dataset, '00100030') },
    study: { date: text(dataset, '00080020'), description: text(dataset, '00081030') },
    series: { modality: text(dataset, '00080060'), description: text(dataset, '0008103E') },
  };
}

/** A value as text, or undefined when absent or empty. */
function text(dataset: DicomJsonDataset, tag: string): string | undefined {
  const value = firstString(dataset, tag)?.trim();
  return value === undefined || value === '' ? undefined : value;
}
