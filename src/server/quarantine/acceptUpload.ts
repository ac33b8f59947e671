import { Readable } from 'node:stream';
import type { DicomJsonDataset } from '../../dicom/json';
import { firstString } from '../../dicom/json';
import { formatMultipart, newBoundary } from '../../dicomweb/multipart';
import type { BackendResponse, DicomwebBackend, RequestContext } from '../dicomweb/backend';
import type { UploadStore, Upload } from '../store/uploads';
import type { QuarantineFiles } from './quarantineFiles';
import { withPatientID } from './rewritePatientId';

interface AcceptOutcome {
  /** Instances the backend stored in this call. */
  accepted: number;
  /** Why the others were not stored, one sentence each; they stay in quarantine. */
  failures: string[];
}

/**
 * Moves a quarantined study into the backend, one instance per STOW-RS (the embedded archive or
 * the upstream PACS, as any other store), its Patient ID replaced first when `patientID` is
 * given. Each instance the backend stored leaves the quarantine at once, row before file; the
 * upload goes when its last instance has. An instance the backend refuses stays, so accepting
 * again retries only what is left, and storing the same instance twice is the backend's duplicate.
 */
export async function acceptUpload(
  backend: DicomwebBackend,
  context: RequestContext,
  { uploads, files }: { uploads: UploadStore; files: QuarantineFiles },
  upload: Upload,
  patientID: string | undefined,
): Promise<AcceptOutcome> {
  let accepted = 0;
  const failures: string[] = [];
  for (const instance of await uploads.instances(upload.id)) {
    const original = new Uint8Array(await files.read(upload.id, instance.sopInstanceUID));
    const bytes =
      patientID === undefined || patientID === upload.patientID ? original : withPatientID(original, patientID);
    const boundary = newBoundary();
    const body = formatMultipart(boundary, [{ headers: { 'content-type': 'application/dicom' }, body: bytes }]);
    const response = await backend.store(
      { kind: 'store', study: upload.studyUID },
      {
        contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
        body: Readable.from([body]),
        maxInstances: 1,
      },
      context,
    );
    const failure = await refusalOf(response);
    if (failure !== undefined) {
      failures.push(`${instance.sopInstanceUID}: ${failure}`);
      continue;
    }
    await uploads.removeInstance(upload.id, instance.sopInstanceUID);
    await files.remove(upload.id, instance.sopInstanceUID);
    accepted++;
  }
  if (failures.length === 0) {
    await uploads.delete(upload.id);
    await files.removeUpload(upload.id);
  }
  return { accepted, failures };
}

/** Why the backend did not store the instance, or undefined when it did (200, or 202 with warnings only). */
async function refusalOf(response: BackendResponse): Promise<string | undefined> {
  const text = await bodyText(response.body);
  let dataset: DicomJsonDataset | undefined;
  try {
    dataset = text === '' ? undefined : (JSON.parse(text) as DicomJsonDataset);
  } catch {
    dataset = undefined;
  }
  const failed = (dataset?.['00081198']?.Value ?? []) as DicomJsonDataset[];
  if ((response.status === 200 || response.status === 202) && failed.length === 0) return undefined;
  const reason = failed[0] === undefined ? undefined : firstString(failed[0], '00000902');
  return reason ?? `The archive answered ${response.status}`;
}

async function bodyText(body: BackendResponse['body']): Promise<string> {
  if (body === undefined) return '';
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
