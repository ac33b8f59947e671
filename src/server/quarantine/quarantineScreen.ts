import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IngestFailure, IngestOutcome, IngestSuccess } from '../archive/ingest/outcome';
import { receiveParts } from '../archive/stow/storeInstances';
import { stowResponse } from '../archive/stow/stowResponse';
import { actorOf } from '../audit/actorOf';
import type { UploadPrincipal } from '../auth/principal';
import type { UploadScreen } from '../dicomweb/guard';
import type { KeyedLock } from '../sharing/keyedLock';
import type { QuarantineFiles } from './quarantineFiles';
import { readUpload, type UploadedInstance } from './readUpload';

interface QuarantineOptions {
  files: QuarantineFiles;
  /** Held per upload and SOP Instance UID while one file is written and recorded. */
  lock: KeyedLock;
  /**
   * What one link may hold in quarantine. Checked per file before it is kept; two requests of one
   * session in flight may pass it by a file each, which the cap allows for.
   */
  maxBytes: number;
}

/**
 * The screen of a STOW-RS under an upload link: the body goes to the quarantine, never to the
 * backend (`store` is not called). Each part is received into a synced temp file as the archive
 * receives them, checked as the archive checks them, and renamed into
 * DATA_DIR/quarantine/<upload>/<SOP>.dcm before its row is written. A bad part fails alone; the
 * same file sent again is a success that writes nothing. The answer is the archive's STOW-RS
 * response (200, 202 or 409 with per-instance reasons); every request is audited with its counts.
 */
export function quarantineScreen(
  app: FastifyInstance,
  request: FastifyRequest,
  principal: UploadPrincipal,
  pathStudy: string | undefined,
  { files, lock, maxBytes }: QuarantineOptions,
): UploadScreen {
  const keep = async (temp: string): Promise<IngestOutcome> => {
    const received = readUpload(new Uint8Array(await readFile(temp)), pathStudy);
    if ('ok' in received) return received;
    const { identity } = received;
    const now = app.clock();
    const upload = await app.store.uploads.open({
      id: randomUUID(),
      linkId: principal.link.id,
      studyUID: identity.studyInstanceUID,
      uploadedFrom: request.ip,
      firstReceivedAt: now,
      lastReceivedAt: now,
      patientID: received.patient.id,
      patientName: received.patient.name,
      birthDate: received.patient.birthDate,
      studyDate: received.study.date,
      studyDescription: received.study.description,
    });
    return lock([`${upload.id}/${identity.sopInstanceUID}`], async () => {
      const existing = await app.store.uploads.findInstance(upload.id, identity.sopInstanceUID);
      const success = { ok: true as const, ...identity, replaced: false, warnings: received.warnings };
      if (existing?.sha256 === received.sha256) return { ...success, duplicate: true };
      const held = await app.store.uploads.bytesForLink(principal.link.id);
      if (held - (existing?.size ?? 0) + received.size > maxBytes) return overQuota(received, maxBytes);
      try {
        await install(received, temp, upload.id);
        await app.store.uploads.putInstance({
          uploadId: upload.id,
          sopInstanceUID: identity.sopInstanceUID,
          sopClassUID: identity.sopClassUID,
          seriesUID: identity.seriesInstanceUID,
          modality: received.series.modality,
          seriesDescription: received.series.description,
          size: received.size,
          sha256: received.sha256,
          warnings: received.warnings.map((w) => w.reason),
          receivedAt: now,
        });
      } catch (error) {
        // A file without a row would be deleted at the next start anyway; deleted now, the disk says the same as the answer.
        if (existing === undefined) await files.remove(upload.id, identity.sopInstanceUID);
        request.log.error({ err: error }, 'Quarantining an uploaded instance failed');
        return storageFailure(received, error);
      }
      return { ...success, duplicate: false };
    });
  };

  const install = async (received: UploadedInstance, temp: string, uploadId: string) => {
    const file = received.asReceived ? temp : await files.writeTemp(received.part10);
    try {
      await files.install(file, uploadId, received.identity.sopInstanceUID);
    } finally {
      if (file !== temp) await rm(file, { force: true });
    }
  };

  return async (input, context) => {
    const temps = await receiveParts(() => files.tempPath(), input);
    const outcomes: IngestOutcome[] = [];
    try {
      for (const temp of temps) outcomes.push(await keep(temp));
    } finally {
      await Promise.all(temps.map((temp) => rm(temp, { force: true })));
    }
    const stored = outcomes.filter((o): o is IngestSuccess => o.ok);
    await app.audit.record({
      type: 'upload.received',
      outcome: stored.length > 0 ? 'success' : 'failure',
      actor: actorOf(principal),
      ip: request.ip,
      studies: [...new Set(stored.map((o) => o.studyInstanceUID))],
      detail: {
        linkId: principal.link.id,
        instances: outcomes.length,
        stored: stored.filter((o) => !o.duplicate).length,
        duplicates: stored.filter((o) => o.duplicate).length,
        failed: outcomes.length - stored.length,
      },
    });
    return stowResponse(outcomes, { kind: 'store', study: pathStudy }, context.publicBase);
  };
}

function storageFailure(received: UploadedInstance, error: unknown): IngestFailure {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const full = code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
  return {
    ok: false,
    code: full ? 'OUT_OF_RESOURCES' : 'STORAGE_FAILED',
    reason: full
      ? 'The server is out of disk space; try again later'
      : 'The instance could not be kept on the server; the server log has the cause',
    sopInstanceUID: received.identity.sopInstanceUID,
    sopClassUID: received.identity.sopClassUID,
  };
}

function overQuota(received: UploadedInstance, maxBytes: number): IngestFailure {
  return {
    ok: false,
    code: 'OUT_OF_RESOURCES',
    reason: `This upload link holds all it may (${formatBytes(maxBytes)}): ask the hospital for another link`,
    sopInstanceUID: received.identity.sopInstanceUID,
    sopClassUID: received.identity.sopClassUID,
  };
}

const formatBytes = (bytes: number) =>
  bytes >= 1024 ** 3 ? `${+(bytes / 1024 ** 3).toFixed(1)} GB` : `${+(bytes / 1024 ** 2).toFixed(1)} MB`;
