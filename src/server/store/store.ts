import { auditLogStore, type AuditLogStore } from './auditLog';
import { openDatabase, type Db } from './database';
import { loginFailureStore, type LoginFailureStore } from './loginFailures';
import { sessionStore, type SessionStore } from './sessions';
import { setupTokenStore, type SetupTokenStore } from './setupTokens';
import { shareSessionStore, type ShareSessionStore } from './shareSessions';
import { shareStore, type ShareStore } from './shares';
import { studyAccessStore, type StudyAccessStore } from './studyAccess';
import { userStore, type UserStore } from './users';

/**
 * Everything the gateway persists besides the archive, behind small typed functions so a
 * PostgreSQL store can replace SQLite for multi-instance deployments without touching routes.
 */
export interface Store {
  users: UserStore;
  sessions: SessionStore;
  loginFailures: LoginFailureStore;
  setupTokens: SetupTokenStore;
  shares: ShareStore;
  shareSessions: ShareSessionStore;
  studyAccess: StudyAccessStore;
  auditLog: AuditLogStore;
  close(): void;
}

export function openStore(dataDir: string): Store {
  return storeOn(openDatabase(dataDir));
}

export function storeOn(db: Db): Store {
  return {
    users: userStore(db),
    sessions: sessionStore(db),
    loginFailures: loginFailureStore(db),
    setupTokens: setupTokenStore(db),
    shares: shareStore(db),
    shareSessions: shareSessionStore(db),
    studyAccess: studyAccessStore(db),
    auditLog: auditLogStore(db),
    close: () => db.close(),
  };
}
