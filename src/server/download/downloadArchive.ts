import type { Readable } from 'node:stream';
import { writeDicomdir } from '../../dicom/dicomdir';
import { MAX_HEADER_BYTES, readPart10Header, type Part10Header } from '../../dicom/part10Header';
import type { Principal } from '../auth/principal';
import type { DicomwebBackend, RequestContext } from '../dicomweb/backend';
import { HttpError } from '../errors';
import { IMPLEMENTATION_CLASS_UID } from '../archive/ingest/fileMeta';
import { authorize } from '../sharing/authorize';
import type { Decision } from '../sharing/decision';
import { dicomdirPatients, type DownloadPlan, type PlannedInstance } from './downloadPlan';
import { instanceBytes } from './instanceBytes';
import { zipStream, type ZipEntry } from './zipStream';

interface DownloadArchiveOptions {
  principal: Principal;
  backend: DicomwebBackend;
  context: RequestContext;
  plan: DownloadPlan;
  /** The DICOMDIR's own SOP Instance UID. */
  dicomdirUID: string;
}

type Denial = Extract<Decision, { effect: 'deny' }>;

class UnreadableInstance extends Error {}

/**
 * The first refusal, if any, of retrieving these instances (or whole series) as `principal`: the
 * same authorize() as WADO-RS Retrieve Instance, so a share without download, or outside its
 * scope, gets that rule's own refusal.
 */
export function downloadRefusal(
  principal: Principal,
  targets: readonly { study: string; series: string; instance?: string }[],
): Denial | undefined {
  for (const { study, series, instance } of targets) {
    const decision = authorize(principal, { kind: 'instances', study, series, instance });
    if (decision.effect === 'deny') return decision;
  }
  return undefined;
}

/**
 * The zip of a download: each instance streamed from the backend as stored, then the DICOMDIR.
 * The DICOMDIR comes last because its IMAGE records name each file's transfer syntax and SOP
 * class as that file's own File Meta states them, which are known only once the file has passed.
 */
export function downloadArchive({ principal, backend, context, plan, dicomdirUID }: DownloadArchiveOptions): Readable {
  const headers = new Map<PlannedInstance, Part10Header>();
  async function* entries(): AsyncGenerator<ZipEntry> {
    for (const planned of plan.instances) {
      yield {
        name: planned.fileId.join('/'),
        bytes: async () => {
          // Checked again at retrieval: the same rule, at the moment the bytes leave.
          const refusal = downloadRefusal(principal, [planned]);
          if (refusal !== undefined) throw new HttpError(refusal.status, refusal.code, refusal.reason);
          const request = {
            kind: 'instances' as const,
            study: planned.study,
            series: planned.series,
            instance: planned.instance,
          };
          return withHeader(await instanceBytes(backend, request, context), (header) => headers.set(planned, header));
        },
      };
    }
    const dicomdir = writeDicomdir({
      fileSetID: 'SECONDREAD',
      sopInstanceUID: dicomdirUID,
      implementationClassUID: IMPLEMENTATION_CLASS_UID,
      implementationVersionName: 'SECONDREAD_1',
      patients: dicomdirPatients(plan, (planned) => {
        const header = headers.get(planned)!;
        return { fileId: planned.fileId, instanceNumber: planned.instanceNumber, ...header };
      }),
    });
    yield { name: 'DICOMDIR', bytes: () => [dicomdir] };
  }
  return zipStream(entries());
}

/** Passes the file through, reading its File Meta on the way; a file without one fails the download. */
async function* withHeader(
  bytes: AsyncIterable<Uint8Array>,
  onHeader: (header: Part10Header) => void,
): AsyncGenerator<Uint8Array> {
  let head: Buffer | undefined = Buffer.alloc(0);
  for await (const chunk of bytes) {
    if (head !== undefined) {
      head = Buffer.concat([head, chunk]);
      const result = readPart10Header(head.subarray(0, MAX_HEADER_BYTES + 1));
      if (result.status === 'invalid')
        throw new UnreadableInstance(`An instance is not a Part 10 file: ${result.reason}`);
      if (result.status === 'complete') {
        onHeader(result.header);
        head = undefined;
      }
    }
    yield chunk;
  }
  if (head !== undefined) throw new UnreadableInstance('An instance ended inside its File Meta Information');
}
