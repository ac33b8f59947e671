import type { Exec } from './connection';
import type { Db } from './database';

/**
 * One study received through one upload link, waiting in quarantine for a staff review. The
 * patient and study facts are those of its first instance, for the Incoming list.
 */
export interface Upload {
  id: string;
  linkId: string;
  studyUID: string;
  /** The uploader's address. */
  uploadedFrom: string;
  firstReceivedAt: number;
  lastReceivedAt: number;
  patientID: string | undefined;
  patientName: string | undefined;
  /** YYYYMMDD as in the data. */
  birthDate: string | undefined;
  studyDate: string | undefined;
  studyDescription: string | undefined;
}

/** One quarantined file: DATA_DIR/quarantine/<uploadId>/<sopInstanceUID>.dcm. */
export interface QuarantinedInstance {
  uploadId: string;
  sopInstanceUID: string;
  sopClassUID: string;
  seriesUID: string;
  modality: string | undefined;
  seriesDescription: string | undefined;
  size: number;
  sha256: string;
  /** What validation tolerated, as sentences. */
  warnings: string[];
  receivedAt: number;
}

export interface UploadStore {
  /** The upload of (linkId, studyUID), made from `upload` when there is none yet; its lastReceivedAt moves to `upload`'s. */
  open(upload: Upload): Promise<Upload>;
  get(id: string): Promise<Upload | undefined>;
  /** Most recently received first. */
  list(): Promise<Upload[]>;
  /** Uploads per link id (those with at least one instance). */
  countByLink(): Promise<Map<string, number>>;
  /** Bytes held in quarantine for one link, over all its uploads (its quota's use). */
  bytesForLink(linkId: string): Promise<number>;
  /** Inserts, or replaces the row of the same SOP Instance UID in the same upload. */
  putInstance(instance: QuarantinedInstance): Promise<void>;
  findInstance(uploadId: string, sopInstanceUID: string): Promise<QuarantinedInstance | undefined>;
  instances(uploadId: string): Promise<QuarantinedInstance[]>;
  /** Every instance of every upload, for matching rows and files at start. */
  allInstances(): Promise<QuarantinedInstance[]>;
  removeInstance(uploadId: string, sopInstanceUID: string): Promise<void>;
  /** The upload and all its instance rows. */
  delete(id: string): Promise<void>;
  /** Uploads left without any instance (every file refused, accepted, or lost in a crash); returns how many. */
  deleteEmpty(): Promise<number>;
}

interface UploadRow {
  id: string;
  link_id: string;
  study_uid: string;
  uploaded_from: string;
  first_received_at: number;
  last_received_at: number;
  patient_id: string | null;
  patient_name: string | null;
  birth_date: string | null;
  study_date: string | null;
  study_description: string | null;
}

interface InstanceRow {
  upload_id: string;
  sop_instance_uid: string;
  sop_class_uid: string;
  series_uid: string;
  modality: string | null;
  series_description: string | null;
  size: number;
  sha256: string;
  warnings: string;
  received_at: number;
}

const uploadOf = (row: UploadRow): Upload => ({
  id: row.id,
  linkId: row.link_id,
  studyUID: row.study_uid,
  uploadedFrom: row.uploaded_from,
  firstReceivedAt: row.first_received_at,
  lastReceivedAt: row.last_received_at,
  patientID: row.patient_id ?? undefined,
  patientName: row.patient_name ?? undefined,
  birthDate: row.birth_date ?? undefined,
  studyDate: row.study_date ?? undefined,
  studyDescription: row.study_description ?? undefined,
});

const instanceOf = (row: InstanceRow): QuarantinedInstance => ({
  uploadId: row.upload_id,
  sopInstanceUID: row.sop_instance_uid,
  sopClassUID: row.sop_class_uid,
  seriesUID: row.series_uid,
  modality: row.modality ?? undefined,
  seriesDescription: row.series_description ?? undefined,
  size: row.size,
  sha256: row.sha256,
  warnings: JSON.parse(row.warnings) as string[],
  receivedAt: row.received_at,
});

export function uploadStore(db: Db, exec: Exec): UploadStore {
  const insert = db.prepare(
    `INSERT INTO uploads (id, link_id, study_uid, uploaded_from, first_received_at, last_received_at,
       patient_id, patient_name, birth_date, study_date, study_description)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (link_id, study_uid) DO UPDATE SET last_received_at = MAX(last_received_at, excluded.last_received_at)`,
  );
  const byKey = db.prepare<[string, string], UploadRow>('SELECT * FROM uploads WHERE link_id = ? AND study_uid = ?');
  const byId = db.prepare<[string], UploadRow>('SELECT * FROM uploads WHERE id = ?');
  const all = db.prepare<[], UploadRow>(
    'SELECT * FROM uploads WHERE id IN (SELECT upload_id FROM upload_instances) ORDER BY last_received_at DESC, id',
  );
  const perLink = db.prepare<[], { link_id: string; n: number }>(
    'SELECT link_id, COUNT(*) AS n FROM uploads WHERE id IN (SELECT upload_id FROM upload_instances) GROUP BY link_id',
  );
  const linkBytes = db.prepare<[string], { bytes: number }>(
    `SELECT COALESCE(SUM(i.size), 0) AS bytes FROM upload_instances i JOIN uploads u ON u.id = i.upload_id
     WHERE u.link_id = ?`,
  );
  const putInstance = db.prepare(
    `INSERT OR REPLACE INTO upload_instances (upload_id, sop_instance_uid, sop_class_uid, series_uid, modality,
       series_description, size, sha256, warnings, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const instances = db.prepare<[string], InstanceRow>(
    'SELECT * FROM upload_instances WHERE upload_id = ? ORDER BY series_uid, sop_instance_uid',
  );
  const findInstance = db.prepare<[string, string], InstanceRow>(
    'SELECT * FROM upload_instances WHERE upload_id = ? AND sop_instance_uid = ?',
  );
  const allInstances = db.prepare<[], InstanceRow>('SELECT * FROM upload_instances');
  const removeInstance = db.prepare('DELETE FROM upload_instances WHERE upload_id = ? AND sop_instance_uid = ?');
  const removeInstances = db.prepare('DELETE FROM upload_instances WHERE upload_id = ?');
  const remove = db.prepare('DELETE FROM uploads WHERE id = ?');
  const removeEmpty = db.prepare('DELETE FROM uploads WHERE id NOT IN (SELECT upload_id FROM upload_instances)');
  const deleteUpload = db.transaction((id: string) => {
    removeInstances.run(id);
    remove.run(id);
  });
  return {
    open: (u) =>
      exec(() => {
        insert.run(
          u.id,
          u.linkId,
          u.studyUID,
          u.uploadedFrom,
          u.firstReceivedAt,
          u.lastReceivedAt,
          u.patientID ?? null,
          u.patientName ?? null,
          u.birthDate ?? null,
          u.studyDate ?? null,
          u.studyDescription ?? null,
        );
        return uploadOf(byKey.get(u.linkId, u.studyUID)!);
      }),
    get: (id) => exec(() => ((row) => row && uploadOf(row))(byId.get(id))),
    list: () => exec(() => all.all().map(uploadOf)),
    countByLink: () => exec(() => new Map(perLink.all().map((row) => [row.link_id, row.n]))),
    bytesForLink: (linkId) => exec(() => linkBytes.get(linkId)!.bytes),
    putInstance: (i) =>
      exec(
        () =>
          void putInstance.run(
            i.uploadId,
            i.sopInstanceUID,
            i.sopClassUID,
            i.seriesUID,
            i.modality ?? null,
            i.seriesDescription ?? null,
            i.size,
            i.sha256,
            JSON.stringify(i.warnings),
            i.receivedAt,
          ),
      ),
    findInstance: (uploadId, sop) => exec(() => ((row) => row && instanceOf(row))(findInstance.get(uploadId, sop))),
    instances: (uploadId) => exec(() => instances.all(uploadId).map(instanceOf)),
    allInstances: () => exec(() => allInstances.all().map(instanceOf)),
    removeInstance: (uploadId, sop) => exec(() => void removeInstance.run(uploadId, sop)),
    delete: (id) =>
      exec(() => {
        deleteUpload(id);
      }),
    deleteEmpty: () => exec(() => removeEmpty.run().changes),
  };
}
