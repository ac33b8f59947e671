import type { DicomJsonDataset } from '../../dicom/json';
import { storeResultOf } from '../../dicomweb/stow';

/** What became of one file sent by STOW-RS. `retry` says whether sending it again may help. */
export type FileOutcome =
  | { kind: 'stored' }
  | { kind: 'alreadyThere' }
  | { kind: 'refused'; reason: string; retry: false }
  | { kind: 'failed'; reason: string; retry: true };

/** Failure Reason 0x0111: Duplicate SOP Instance (PS3.4 Annex C.4.2.1.4 status codes). */
const DUPLICATE_SOP_INSTANCE = 0x0111;

const failed = (reason: string): FileOutcome => ({ kind: 'failed', reason, retry: true });
const refused = (reason: string): FileOutcome => ({ kind: 'refused', reason, retry: false });

/**
 * Reads the gateway's answer to a one-file STOW-RS request (PS3.18 10.5.3). The network, a busy
 * gateway (429, 5xx) or an answer that is not JSON may pass on a retry; an instance the Store
 * Instances Response lists as failed, or a refused link, will not.
 */
export function stowOutcome(status: number, body: string): FileOutcome {
  if (status === 0) return failed('The connection was lost while sending');
  const json = parseJson(body);
  if (status === 429 || status >= 500)
    return failed(messageOf(json) ?? `The server was busy (${status}); it is worth trying again`);
  if (status === 200 || status === 202 || status === 409) {
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      return status === 409 ? refused('The server refused the file') : failed('The server’s answer could not be read');
    const result = storeResultOf(json as DicomJsonDataset);
    const [failure] = result.failed;
    if (failure?.reason === DUPLICATE_SOP_INSTANCE) return { kind: 'alreadyThere' };
    if (failure) return refused(failure.comment ?? `The server refused it (failure reason 0x${hex(failure.reason)})`);
    if (result.stored.length > 0)
      return alreadyThere(json as DicomJsonDataset) ? { kind: 'alreadyThere' } : { kind: 'stored' };
    return refused('The server stored nothing');
  }
  return refused(messageOf(json) ?? `The server refused the file (${status})`);
}

/** A stored item whose Warning comment says it was there before: the re-upload of a file already sent. */
function alreadyThere(json: DicomJsonDataset): boolean {
  return (json['00081199']?.Value ?? []).some((item) => {
    const comment = (item as DicomJsonDataset | null)?.['00000902']?.Value?.[0];
    return typeof comment === 'string' && /already/i.test(comment);
  });
}

const hex = (reason: number | undefined) => (reason ?? 0).toString(16).toUpperCase().padStart(4, '0');

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** The gateway's `{error, message}` sentence. */
function messageOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { message } = json as Record<string, unknown>;
  return typeof message === 'string' ? message : undefined;
}
