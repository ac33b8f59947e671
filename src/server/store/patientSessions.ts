import type { Exec } from './connection';
import type { Db } from './database';
import type { SharedStudy } from './shares';

/**
 * A patient's session under one patient link: random id in a cookie, its SHA-256 here, and the
 * studies the link covered when they were last resolved (a Patient ID link grows as studies arrive).
 */
export interface PatientSession {
  idHash: string;
  linkId: string;
  csrfToken: string;
  studies: SharedStudy[];
  createdAt: number;
  expiresAt: number;
  ip: string;
}

interface PatientSessionRow {
  id_hash: string;
  link_id: string;
  csrf_token: string;
  studies: string;
  created_at: number;
  expires_at: number;
  ip: string;
}

export interface PatientSessionStore {
  create(session: PatientSession): Promise<void>;
  find(idHash: string): Promise<PatientSession | undefined>;
  setStudies(idHash: string, studies: SharedStudy[]): Promise<void>;
  delete(idHash: string): Promise<void>;
  deleteExpired(now: number): Promise<void>;
}

export function patientSessionStore(db: Db, exec: Exec): PatientSessionStore {
  const insert = db.prepare(
    'INSERT INTO patient_sessions (id_hash, link_id, csrf_token, studies, created_at, expires_at, ip) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const find = db.prepare<[string], PatientSessionRow>('SELECT * FROM patient_sessions WHERE id_hash = ?');
  const setStudies = db.prepare('UPDATE patient_sessions SET studies = ? WHERE id_hash = ?');
  const remove = db.prepare('DELETE FROM patient_sessions WHERE id_hash = ?');
  const expired = db.prepare('DELETE FROM patient_sessions WHERE expires_at <= ?');
  return {
    create: (s) =>
      exec(
        () =>
          void insert.run(s.idHash, s.linkId, s.csrfToken, JSON.stringify(s.studies), s.createdAt, s.expiresAt, s.ip),
      ),
    find: (idHash) =>
      exec(() => {
        const row = find.get(idHash);
        return (
          row && {
            idHash: row.id_hash,
            linkId: row.link_id,
            csrfToken: row.csrf_token,
            studies: JSON.parse(row.studies) as SharedStudy[],
            createdAt: row.created_at,
            expiresAt: row.expires_at,
            ip: row.ip,
          }
        );
      }),
    setStudies: (idHash, studies) => exec(() => void setStudies.run(JSON.stringify(studies), idHash)),
    delete: (idHash) => exec(() => void remove.run(idHash)),
    deleteExpired: (now) => exec(() => void expired.run(now)),
  };
}
