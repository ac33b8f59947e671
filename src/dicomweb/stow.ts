import { firstString, type DicomJsonDataset } from '../dicom/json';
import { formatMultipart } from './multipart';

/** STOW-RS (PS3.18 10.5): the request body and the reading of the Store Instances Response. */

const DICOM_MEDIA_TYPE = 'application/dicom';

interface StowRequest {
  readonly contentType: string;
  readonly body: Uint8Array;
}

/** One multipart/related body with a Part 10 file per part. */
export function stowRequest(instances: readonly Uint8Array[], boundary: string): StowRequest {
  return {
    contentType: `multipart/related; type="${DICOM_MEDIA_TYPE}"; boundary=${boundary}`,
    body: formatMultipart(
      boundary,
      instances.map((body) => ({ headers: { 'Content-Type': DICOM_MEDIA_TYPE }, body })),
    ),
  };
}

export interface StoredInstance {
  readonly sopClassUID?: string;
  readonly sopInstanceUID: string;
  readonly retrieveURL?: string;
}

export interface FailedInstance {
  readonly sopInstanceUID: string;
  /** Failure Reason (0008,1197), PS3.4 B.2.3. */
  readonly reason?: number;
  /** Error Comment (0000,0902): the archive's words, when it gave any. */
  readonly comment?: string;
}

export interface StoreResult {
  readonly stored: readonly StoredInstance[];
  readonly failed: readonly FailedInstance[];
}

function items(dataset: DicomJsonDataset, tag: string): DicomJsonDataset[] {
  return (dataset[tag]?.Value ?? []).filter(
    (item): item is DicomJsonDataset => typeof item === 'object' && item !== null && !('Alphabetic' in item),
  );
}

/** Referenced (0008,1199) and Failed (0008,1198) SOP Sequences of a Store Instances Response. */
export function storeResultOf(response: DicomJsonDataset): StoreResult {
  return {
    stored: items(response, '00081199').map((item) => ({
      sopClassUID: firstString(item, '00081150'),
      sopInstanceUID: firstString(item, '00081155') ?? '',
      retrieveURL: firstString(item, '00081190'),
    })),
    failed: items(response, '00081198').map((item) => {
      const reason = item['00081197']?.Value?.[0];
      return {
        sopInstanceUID: firstString(item, '00081155') ?? '',
        reason: typeof reason === 'number' ? reason : undefined,
        comment: firstString(item, '00000902'),
      };
    }),
  };
}

/** Sentence naming each instance the archive did not store, with its reason when it gave one. */
export function describeFailures(failed: readonly FailedInstance[]): string {
  if (failed.length === 0) return 'The archive stored nothing';
  const list = failed
    .map(({ sopInstanceUID, comment, reason }) => {
      const why =
        comment ?? (reason === undefined ? undefined : `failure reason 0x${reason.toString(16).toUpperCase()}`);
      return why ? `${sopInstanceUID} (${why})` : sopInstanceUID;
    })
    .join('; ');
  return `The archive did not store ${failed.length === 1 ? 'instance' : 'instances'} ${list}`;
}
