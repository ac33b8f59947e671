import type { AuditLogStore } from './auditLog';
import type { LoginFailureStore } from './loginFailures';
import type { PatientLinkStore } from './patientLinks';
import type { PatientSessionStore } from './patientSessions';
import type { SessionStore } from './sessions';
import type { SetupTokenStore } from './setupTokens';
import type { ShareReplyStore } from './shareReplies';
import type { ShareSessionStore } from './shareSessions';
import type { ShareStore } from './shares';
import { openSqliteStore } from './sqliteStore';
import type { StudyAccessStore } from './studyAccess';
import type { UploadLinkStore } from './uploadLinks';
import type { UploadStore } from './uploads';
import type { UploadSessionStore } from './uploadSessions';
import type { UserStore } from './users';

/** The persisted data, each part behind small typed async functions; also what a transaction's work is given. */
export interface StoreData {
  users: UserStore;
  sessions: SessionStore;
  loginFailures: LoginFailureStore;
  setupTokens: SetupTokenStore;
  shares: ShareStore;
  shareSessions: ShareSessionStore;
  shareReplies: ShareReplyStore;
  studyAccess: StudyAccessStore;
  auditLog: AuditLogStore;
  patientLinks: PatientLinkStore;
  patientSessions: PatientSessionStore;
  uploadLinks: UploadLinkStore;
  uploadSessions: UploadSessionStore;
  uploads: UploadStore;
}

/**
 * Everything the gateway persists besides the archive. Every method is async so a PostgreSQL
 * store can replace SQLite for multi-instance deployments without touching routes; such a store
 * is a drop-in when it passes test/support/storeContract.ts.
 */
export interface Store extends StoreData {
  /**
   * Runs `work` as one transaction: everything it does through `tx` commits together when its
   * promise resolves, and is rolled back when it rejects (the rejection is passed on). No other
   * caller sees its writes before the commit, and its reads see no other caller's writes made
   * meanwhile. Keep `work` short and use only `tx` inside it (see connection.ts).
   */
  transaction<T>(work: (tx: StoreData) => Promise<T>): Promise<T>;
  /** The schema version the store is at (the number of migrations it has run). */
  schemaVersion(): Promise<number>;
  /** Waits for an open transaction to end, then closes. */
  close(): Promise<void>;
}

/** The gateway's store: SQLite in DATA_DIR, migrated to the current schema. */
export function openStore(dataDir: string): Promise<Store> {
  return openSqliteStore(dataDir);
}
