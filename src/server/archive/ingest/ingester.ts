import { createHash } from 'node:crypto';
import { access, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { firstString } from '../../../dicom/json';
import type { Part10Json } from '../../../dicom/part10Json';
import type { InflatedRenditions, PendingRendition } from '../deflated/renditions';
import type { ArchiveIndex, IndexRecord } from '../index/archiveIndex';
import type { ArchiveLogger } from '../logger';
import type { FileStore } from '../store/fileStore';
import { fileMetaHeader } from './fileMeta';
import { identify, type Identity } from './identify';
import { Gate, KeyedLock } from './locks';
import type { IngestFailure, IngestOutcome, IngestSuccess, IngestWarning } from './outcome';
import { pixelProblem } from './pixelCheck';
import { readInstance } from './readInstance';
import { ingestWarnings } from './warnings';

export interface IngestOptions {
  /** STOW-RS to /studies/{study}: instances of other studies are refused (PS3.18 10.5.1). */
  study?: string;
}

/**
 * Stores instances: parse → check → temp file (fsynced) → mark pending → rename into archive/ →
 * index row (clearing the mark) in one transaction. A crash at any step leaves either the old
 * state or a pending mark that recovery.ts settles at the next start.
 *
 * Re-sending a stored SOP Instance UID: the same data set is a duplicate (nothing written); a
 * different data set in the same study and series replaces the old one atomically, as Orthanc
 * does with OverwriteInstances; the same UID in another study or series, or for another Patient
 * ID, is refused, since a SOP Instance UID names one instance of one series of one patient and
 * moving it would orphan what refers to it, or show one patient's image in another's record.
 *
 * What is stored is what was received, byte for byte, even when ingest corrected what it indexed
 * (warnings.ts): trailing garbage stays in the file too. Cutting it off would be the one rewrite an
 * archive makes of a sender's file; kept, a re-sent copy is still recognised by its hash, every
 * reader that parses the data set (dcmtk, dicom-parser) stops where it ends, and WADO-RS returns
 * exactly what the sender can compare with its own copy. Every refusal is decided before anything
 * reaches archive/ or the index, and the received temp file is removed: nothing partial is kept.
 */
export class Ingester {
  private readonly locks = new KeyedLock();
  readonly gate = new Gate();

  constructor(
    private readonly files: FileStore,
    private readonly index: ArchiveIndex,
    private readonly logger: ArchiveLogger,
    private readonly renditions: InflatedRenditions,
    /** Told of every instance stored (or found already stored), after its answer is settled. */
    private readonly onStored?: (stored: IngestSuccess) => void,
  ) {}

  /** Stores bytes received from anywhere (import, demo studies). */
  async ingest(bytes: Uint8Array, options: IngestOptions = {}): Promise<IngestOutcome> {
    return this.gate.runShared(() => this.store(bytes, undefined, options));
  }

  /** Stores a file already written and synced in tmp/ (a STOW-RS part); the file is consumed. */
  async ingestTemp(temp: string, options: IngestOptions = {}): Promise<IngestOutcome> {
    return this.gate.runShared(async () => {
      try {
        return await this.store(new Uint8Array(await readFile(temp)), temp, options);
      } finally {
        await rm(temp, { force: true });
      }
    });
  }

  private async store(bytes: Uint8Array, temp: string | undefined, options: IngestOptions): Promise<IngestOutcome> {
    const read = await readInstance(bytes, this.renditions);
    if ('ok' in read) return read;
    try {
      const outcome = await this.storeParsed(bytes, read.parsed, read.layoutSource, temp, options, read.rendition);
      if (outcome.ok) this.onStored?.(outcome);
      return outcome;
    } finally {
      if (read.rendition) await rm(read.rendition.temp, { force: true });
    }
  }

  private async storeParsed(
    bytes: Uint8Array,
    parsed: Part10Json,
    layoutSource: Uint8Array,
    temp: string | undefined,
    options: IngestOptions,
    rendition: PendingRendition | undefined,
  ): Promise<IngestOutcome> {
    const checked = identify(parsed);
    if ('ok' in checked) return checked;
    const { identity } = checked;
    const problem = pixelProblem(layoutSource, parsed.transferSyntaxUID, identity.sopClassUID);
    if (problem) return refuse(identity, problem.code, problem.reason);
    const warnings = ingestWarnings(parsed, checked.warnings);
    if (options.study !== undefined && options.study !== identity.studyInstanceUID) {
      return refuse(
        identity,
        'STUDY_MISMATCH',
        `The instance belongs to study ${identity.studyInstanceUID}, not to study ${options.study} named in the request`,
      );
    }
    const sha256 = createHash('sha256').update(bytes.subarray(parsed.datasetOffset)).digest('hex');
    return this.locks.run(identity.sopInstanceUID, async () => {
      const existing = this.index.lookup(identity.sopInstanceUID);
      if (
        existing &&
        (existing.studyInstanceUID !== identity.studyInstanceUID ||
          existing.seriesInstanceUID !== identity.seriesInstanceUID)
      ) {
        return refuse(
          identity,
          'UID_CONFLICT',
          `SOP Instance UID ${identity.sopInstanceUID} is already stored in study ${existing.studyInstanceUID}, series ${existing.seriesInstanceUID}; one SOP Instance UID cannot name instances of two series`,
        );
      }
      const patientChange = existing && this.patientChange(identity.sopInstanceUID, parsed);
      if (patientChange) return refuse(identity, 'IDENTITY_CHANGE', patientChange);
      // A duplicate whose file went missing (deleted by hand) is written again rather than acknowledged.
      if (existing?.sha256 === sha256 && (await exists(existing.path)))
        return success(identity, { duplicate: true, replaced: false, warnings });
      const seriesStudy = this.index.studyOfSeries(identity.seriesInstanceUID);
      if (seriesStudy !== undefined && seriesStudy !== identity.studyInstanceUID) {
        return refuse(
          identity,
          'UID_CONFLICT',
          `Series ${identity.seriesInstanceUID} already belongs to study ${seriesStudy}; one Series Instance UID cannot be in two studies`,
        );
      }
      const relativePath = this.files.relativePath(identity);
      const record: IndexRecord = {
        ...identity,
        transferSyntaxUID: parsed.transferSyntaxUID,
        relativePath,
        size: bytes.length,
        sha256,
        dataset: parsed.dataset,
        warnings: warnings.map((w) => w.reason),
      };
      const failure = await this.commit(record, bytes, parsed, temp);
      if (failure) return failure;
      if (existing && existing.relativePath !== relativePath) await this.files.remove(existing.relativePath);
      await this.keepRendition(record, rendition, existing !== undefined);
      return success(identity, { duplicate: false, replaced: existing !== undefined, warnings });
    });
  }

  private async commit(
    record: IndexRecord,
    bytes: Uint8Array,
    parsed: Part10Json,
    received: string | undefined,
  ): Promise<IngestFailure | undefined> {
    let temp: string | undefined;
    try {
      // A data set without File Meta gets one, so every stored file is Part 10 (PS3.10 7.1).
      const header = parsed.fileMeta === undefined ? fileMetaHeader(record, parsed.transferSyntaxUID) : undefined;
      temp =
        header === undefined && received !== undefined
          ? received
          : await this.files.writeTemp(header ? [header, bytes] : [bytes]);
      record.size = (header?.length ?? 0) + bytes.length;
      const pending = { temp: this.relativeToData(temp), target: `archive/${record.relativePath}` };
      this.index.addPending(pending);
      try {
        await this.files.install(temp, record.relativePath);
      } catch (error) {
        this.index.removePending(pending.temp);
        throw error;
      }
      temp = undefined;
      this.index.put(record, pending.temp);
      return undefined;
    } catch (error) {
      if (temp !== undefined) await rm(temp, { force: true });
      this.logger.error(
        `Storing ${record.sopInstanceUID} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return storageFailure(record, error);
    }
  }

  /**
   * Puts a deflated file's rendition in the cache under the stored file's version; a replaced
   * instance's older rendition goes. The cache is rebuildable, so a failure here is only logged.
   */
  private async keepRendition(
    record: IndexRecord,
    rendition: PendingRendition | undefined,
    replaced: boolean,
  ): Promise<void> {
    try {
      if (rendition)
        await this.renditions.install(rendition, record, await stat(this.files.absolute(record.relativePath)));
      else if (replaced) await this.renditions.remove(record);
    } catch (error) {
      this.logger.warn(
        `The inflated rendition of ${record.sopInstanceUID} was not kept (${error instanceof Error ? error.message : String(error)}); it is made again when first read`,
      );
    }
  }

  /**
   * A replacement may correct an instance, not move it to another patient: that would show one
   * patient's image in another's record. Why, when the Patient ID differs from the stored one.
   */
  private patientChange(sopInstanceUID: string, parsed: Part10Json): string | undefined {
    const stored = firstString(this.index.metadata(sopInstanceUID) ?? {}, '00100020') ?? '';
    const received = firstString(parsed.dataset, '00100020') ?? '';
    if (stored === received) return undefined;
    return `SOP Instance UID ${sopInstanceUID} is already stored for Patient ID "${stored}", and this file says "${received}"; an instance cannot move to another patient: correct the Patient ID at the source and send it again`;
  }

  private relativeToData(file: string): string {
    return path.relative(this.files.dataDir, file).split(path.sep).join('/');
  }
}

function success(
  identity: Identity,
  flags: { duplicate: boolean; replaced: boolean; warnings: IngestWarning[] },
): IngestOutcome {
  return { ok: true, ...identity, ...flags };
}

function refuse(identity: Identity, code: IngestFailure['code'], reason: string): IngestFailure {
  return { ok: false, code, reason, sopInstanceUID: identity.sopInstanceUID, sopClassUID: identity.sopClassUID };
}

function storageFailure(identity: Identity, error: unknown): IngestFailure {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') {
    return refuse(
      identity,
      'OUT_OF_RESOURCES',
      'The archive is out of disk space; free space on the server and send the instance again',
    );
  }
  return refuse(
    identity,
    'STORAGE_FAILED',
    'The instance could not be written to the archive; the server log has the cause',
  );
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
