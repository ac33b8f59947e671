import path from 'node:path';
import type { DicomJsonDataset } from '../../../dicom/json';
import { firstNumber } from '../../../dicom/json';
import { canonicalMoment } from '../qido/matching';
import type { InstanceIndex, StoredInstance } from '../types';
import { columnValues } from './columns';
import { levelAttributes } from '../../../dicom/levels';
import { studySortKey } from './sortKey';
import { studyTerms, type Term } from './terms';
import type { Db } from './schema';

/** One instance as the ingest path hands it to the index. */
export interface IndexRecord {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  sopClassUID: string;
  transferSyntaxUID: string;
  /** Path below DATA_DIR/archive, with forward slashes. */
  relativePath: string;
  size: number;
  /** SHA-256 of the data set bytes (File Meta excluded), to recognise a re-sent instance. */
  sha256: string;
  dataset: DicomJsonDataset;
  /** What the instance was stored despite, as sentences (ingest/warnings.ts); absent or empty when nothing. */
  warnings?: string[];
}

/** The warnings of one instance of a study. */
interface InstanceWarnings {
  sopInstanceUID: string;
  warnings: string[];
}

interface PendingFile {
  /** Both relative to DATA_DIR. */
  temp: string;
  target: string;
}

interface InstanceRow {
  sop_uid: string;
  series_uid: string;
  study_uid: string;
  sop_class_uid: string;
  transfer_syntax: string;
  path: string;
  frames: number;
  instance_number: number | null;
  sha256: string;
}

/**
 * The SQLite index of the archive (DATA_DIR/archive.sqlite): one row per instance, series and
 * study, each with its DICOM JSON. Study and series rows carry the attributes of the instance
 * stored last, and counts kept up to date in the same transaction as the instance row.
 */
export class ArchiveIndex implements InstanceIndex {
  private readonly statements;

  constructor(
    readonly db: Db,
    private readonly archiveDir: string,
  ) {
    this.statements = {
      instance: db.prepare<[string], InstanceRow>('SELECT * FROM instances WHERE sop_uid = ?'),
      metadata: db.prepare<[string], { dataset: string }>('SELECT dataset FROM instances WHERE sop_uid = ?'),
      seriesStudy: db.prepare<[string], { study_uid: string }>('SELECT study_uid FROM series WHERE series_uid = ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM instances'),
      studyWarnings: db.prepare<[string], { sop_uid: string; warnings: string }>(
        'SELECT sop_uid, warnings FROM instances WHERE study_uid = ? AND warnings IS NOT NULL ORDER BY sop_uid',
      ),
      upsertInstance: db.prepare(`
        INSERT INTO instances (sop_uid, series_uid, study_uid, sop_class_uid, instance_number, transfer_syntax, path, size, sha256, frames, dataset, warnings)
        VALUES (@sop_uid, @series_uid, @study_uid, @sop_class_uid, @instance_number, @transfer_syntax, @path, @size, @sha256, @frames, @dataset, @warnings)
        ON CONFLICT (sop_uid) DO UPDATE SET series_uid = excluded.series_uid, study_uid = excluded.study_uid,
          sop_class_uid = excluded.sop_class_uid, instance_number = excluded.instance_number, transfer_syntax = excluded.transfer_syntax,
          path = excluded.path, size = excluded.size, sha256 = excluded.sha256, frames = excluded.frames, dataset = excluded.dataset,
          warnings = excluded.warnings`),
      upsertSeries: db.prepare(`
        INSERT INTO series (series_uid, study_uid, modality, series_number, series_description, dataset)
        VALUES (@series_uid, @study_uid, @modality, @series_number, @series_description, @dataset)
        ON CONFLICT (series_uid) DO UPDATE SET modality = excluded.modality, series_number = excluded.series_number,
          series_description = excluded.series_description, dataset = excluded.dataset`),
      countSeries: db.prepare(
        'UPDATE series SET instance_count = (SELECT count(*) FROM instances WHERE series_uid = @series_uid) WHERE series_uid = @series_uid',
      ),
      upsertStudy: db.prepare(`
        INSERT INTO studies (study_uid, study_date, study_time, patient_birth_date, study_id, patient_sex, sort_key, dataset)
        VALUES (@study_uid, @study_date, @study_time, @patient_birth_date, @study_id, @patient_sex, @sort_key, @dataset)
        ON CONFLICT (study_uid) DO UPDATE SET study_date = excluded.study_date, study_time = excluded.study_time, sort_key = excluded.sort_key,
          patient_birth_date = excluded.patient_birth_date, study_id = excluded.study_id, patient_sex = excluded.patient_sex, dataset = excluded.dataset`),
      studyModalities: db.prepare<[string], { modality: string }>(
        'SELECT DISTINCT modality FROM series WHERE study_uid = ? AND modality IS NOT NULL ORDER BY modality',
      ),
      countStudy: db.prepare(`
        UPDATE studies SET modalities = @modalities,
          series_count = (SELECT count(*) FROM series WHERE study_uid = @study_uid),
          instance_count = (SELECT count(*) FROM instances WHERE study_uid = @study_uid)
        WHERE study_uid = @study_uid`),
      studyTerms: db.prepare<[string], Term>('SELECT field, term FROM study_terms WHERE study_uid = ? ORDER BY id'),
      deleteTerms: db.prepare('DELETE FROM study_terms WHERE study_uid = ?'),
      insertTerm: db.prepare('INSERT INTO study_terms (study_uid, field, term) VALUES (?, ?, ?)'),
      addPending: db.prepare('INSERT OR REPLACE INTO pending (temp, target) VALUES (?, ?)'),
      removePending: db.prepare('DELETE FROM pending WHERE temp = ?'),
      listPending: db.prepare<[], PendingFile>('SELECT temp, target FROM pending'),
    };
  }

  find(study: string, series?: string, instance?: string): StoredInstance[] {
    const where = [
      'i.study_uid = ?',
      series === undefined ? '' : 'i.series_uid = ?',
      instance === undefined ? '' : 'i.sop_uid = ?',
    ].filter(Boolean);
    const rows = this.db
      .prepare<string[], InstanceRow>(
        `
        SELECT i.* FROM instances i JOIN series se ON se.series_uid = i.series_uid
        WHERE ${where.join(' AND ')}
        ORDER BY se.series_number IS NULL, se.series_number, se.series_uid, i.instance_number IS NULL, i.instance_number, i.sop_uid`,
      )
      .all(...[study, series, instance].filter((v): v is string => v !== undefined));
    return rows.map((row) => this.stored(row));
  }

  metadata(sopInstanceUID: string): DicomJsonDataset | undefined {
    const row = this.statements.metadata.get(sopInstanceUID);
    return row === undefined ? undefined : (JSON.parse(row.dataset) as DicomJsonDataset);
  }

  /** The stored instance with this SOP Instance UID, with its content hash. */
  lookup(sopInstanceUID: string): (StoredInstance & { sha256: string; relativePath: string }) | undefined {
    const row = this.statements.instance.get(sopInstanceUID);
    return row && { ...this.stored(row), sha256: row.sha256, relativePath: row.path };
  }

  /** The study a series belongs to, when the series is known. */
  studyOfSeries(seriesInstanceUID: string): string | undefined {
    return this.statements.seriesStudy.get(seriesInstanceUID)?.study_uid;
  }

  /** The instances of a study stored with warnings, and theirs. */
  warnings(studyInstanceUID: string): InstanceWarnings[] {
    return this.statements.studyWarnings
      .all(studyInstanceUID)
      .map((row) => ({ sopInstanceUID: row.sop_uid, warnings: JSON.parse(row.warnings) as string[] }));
  }

  instanceCount(): number {
    return this.statements.count.get()?.n ?? 0;
  }

  /** Writes (or replaces) an instance and refreshes its series and study, in one transaction; clears the pending mark. */
  put(record: IndexRecord, pendingTemp?: string): void {
    this.db.transaction(() => {
      this.write(record);
      if (pendingTemp !== undefined) this.statements.removePending.run(pendingTemp);
    })();
  }

  /** Writes without a transaction of its own, for bulk loads that batch many records in one. */
  write(record: IndexRecord): void {
    const { dataset } = record;
    const s = this.statements;
    s.upsertInstance.run({
      sop_uid: record.sopInstanceUID,
      series_uid: record.seriesInstanceUID,
      study_uid: record.studyInstanceUID,
      sop_class_uid: record.sopClassUID,
      instance_number: integer(firstNumber(dataset, '00200013')),
      transfer_syntax: record.transferSyntaxUID,
      path: record.relativePath,
      size: record.size,
      sha256: record.sha256,
      frames: Math.max(1, integer(firstNumber(dataset, '00280008')) ?? 1),
      dataset: JSON.stringify(dataset),
      warnings: record.warnings?.length ? JSON.stringify(record.warnings) : null,
    });
    const seriesDataset = levelAttributes(dataset, 'series');
    s.upsertSeries.run({
      ...columnValues('series', seriesDataset),
      series_uid: record.seriesInstanceUID,
      study_uid: record.studyInstanceUID,
      series_number: integer(firstNumber(dataset, '00200011')),
      dataset: JSON.stringify(seriesDataset),
    });
    s.countSeries.run({ series_uid: record.seriesInstanceUID });
    const studyDataset = levelAttributes(dataset, 'study');
    const studyTime = dataset['00080030']?.Value?.[0];
    const columns = columnValues('study', studyDataset);
    const time = typeof studyTime === 'string' ? (canonicalMoment('TM', studyTime) ?? null) : null;
    // ModalitiesInStudy is not in any instance; countStudy computes it from the series below.
    s.upsertStudy.run({
      ...columns,
      study_uid: record.studyInstanceUID,
      study_time: time,
      sort_key: studySortKey(columns.study_date ?? null, time),
      dataset: JSON.stringify(studyDataset),
    });
    const modalities = s.studyModalities.all(record.studyInstanceUID).map((row) => row.modality);
    const modalitiesElement = modalities.length > 0 ? ({ vr: 'CS', Value: modalities } as const) : undefined;
    s.countStudy.run({
      study_uid: record.studyInstanceUID,
      modalities: modalitiesElement === undefined ? null : JSON.stringify(modalitiesElement),
    });
    this.writeTerms(
      record.studyInstanceUID,
      studyTerms({ ...studyDataset, ...(modalitiesElement && { '00080061': modalitiesElement }) }),
    );
  }

  /** Rewrites a study's search terms when they changed (most instances of a study change none). */
  private writeTerms(study: string, terms: Term[]): void {
    const s = this.statements;
    const stored = s.studyTerms.all(study);
    if (
      stored.length === terms.length &&
      stored.every((t, i) => t.field === terms[i]!.field && t.term === terms[i]!.term)
    )
      return;
    s.deleteTerms.run(study);
    for (const { field, term } of terms) s.insertTerm.run(study, field, term);
  }

  addPending(file: PendingFile): void {
    this.statements.addPending.run(file.temp, file.target);
  }

  removePending(temp: string): void {
    this.statements.removePending.run(temp);
  }

  pending(): PendingFile[] {
    return this.statements.listPending.all();
  }

  private stored(row: InstanceRow): StoredInstance {
    return {
      studyInstanceUID: row.study_uid,
      seriesInstanceUID: row.series_uid,
      sopInstanceUID: row.sop_uid,
      sopClassUID: row.sop_class_uid,
      transferSyntaxUID: row.transfer_syntax,
      path: path.join(this.archiveDir, ...row.path.split('/')),
      numberOfFrames: row.frames,
      instanceNumber: row.instance_number ?? undefined,
    };
  }
}

function integer(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? Math.trunc(value) : null;
}
