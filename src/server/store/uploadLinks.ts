import type { Exec } from './connection';
import type { Db } from './database';

/** A link that lets whoever holds it send studies in (issue 12): they land in quarantine, never in the archive. */
export interface UploadLink {
  id: string;
  tokenHash: string;
  /** What staff called it ("Mrs Smith's CD"): shown to the uploader and in Incoming. */
  label: string;
  /** The staff user (id) the uploads are meant for; undefined: whoever reviews Incoming. */
  forwardTo: string | undefined;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | undefined;
  revokedBy: string | undefined;
}

export type NewUploadLink = Omit<UploadLink, 'revokedAt' | 'revokedBy'>;

interface UploadLinkRow {
  id: string;
  token_hash: string;
  label: string;
  forward_to: string | null;
  created_by: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
}

export interface UploadLinkStore {
  create(link: NewUploadLink): Promise<void>;
  get(id: string): Promise<UploadLink | undefined>;
  byTokenHash(tokenHash: string): Promise<UploadLink | undefined>;
  /** Newest first; only those `createdBy` made when given. */
  list(createdBy?: string): Promise<UploadLink[]>;
  /** False when there is no such link or it was revoked already (revoked stays revoked, at its first time). */
  revoke(id: string, by: string, now: number): Promise<boolean>;
}

const fromRow = (row: UploadLinkRow): UploadLink => ({
  id: row.id,
  tokenHash: row.token_hash,
  label: row.label,
  forwardTo: row.forward_to ?? undefined,
  createdBy: row.created_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at ?? undefined,
  revokedBy: row.revoked_by ?? undefined,
});

export function uploadLinkStore(db: Db, exec: Exec): UploadLinkStore {
  const insert = db.prepare(
    `INSERT INTO upload_links (id, token_hash, label, forward_to, created_by, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[string], UploadLinkRow>('SELECT * FROM upload_links WHERE id = ?');
  const byToken = db.prepare<[string], UploadLinkRow>('SELECT * FROM upload_links WHERE token_hash = ?');
  const all = db.prepare<[], UploadLinkRow>('SELECT * FROM upload_links ORDER BY created_at DESC, id');
  const mine = db.prepare<[string], UploadLinkRow>(
    'SELECT * FROM upload_links WHERE created_by = ? ORDER BY created_at DESC, id',
  );
  const revoke = db.prepare(
    'UPDATE upload_links SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL',
  );
  return {
    create: (l) =>
      exec(
        () => void insert.run(l.id, l.tokenHash, l.label, l.forwardTo ?? null, l.createdBy, l.createdAt, l.expiresAt),
      ),
    get: (id) => exec(() => ((row) => row && fromRow(row))(byId.get(id))),
    byTokenHash: (hash) => exec(() => ((row) => row && fromRow(row))(byToken.get(hash))),
    list: (createdBy) => exec(() => (createdBy === undefined ? all.all() : mine.all(createdBy)).map(fromRow)),
    revoke: (id, by, now) => exec(() => revoke.run(now, by, id).changes === 1),
  };
}
