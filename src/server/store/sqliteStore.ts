import { auditLogStore } from './auditLog';
import { ConnectionLock, type Exec } from './connection';
import { openDatabase, schemaVersion, type Db } from './database';
import { loginFailureStore } from './loginFailures';
import { patientLinkStore } from './patientLinks';
import { patientSessionStore } from './patientSessions';
import { sessionStore } from './sessions';
import { setupTokenStore } from './setupTokens';
import { shareReplyStore } from './shareReplies';
import { shareSessionStore } from './shareSessions';
import { shareStore } from './shares';
import type { Store, StoreData } from './store';
import { studyAccessStore } from './studyAccess';
import { uploadLinkStore } from './uploadLinks';
import { uploadStore } from './uploads';
import { uploadSessionStore } from './uploadSessions';
import { userStore } from './users';

/** The store in DATA_DIR/secondread.sqlite (one connection per gateway process). */
export async function openSqliteStore(dataDir: string): Promise<Store> {
  return sqliteStoreOn(openDatabase(dataDir));
}

function storeData(db: Db, exec: Exec): StoreData {
  return {
    users: userStore(db, exec),
    sessions: sessionStore(db, exec),
    loginFailures: loginFailureStore(db, exec),
    setupTokens: setupTokenStore(db, exec),
    shares: shareStore(db, exec),
    shareSessions: shareSessionStore(db, exec),
    shareReplies: shareReplyStore(db, exec),
    studyAccess: studyAccessStore(db, exec),
    auditLog: auditLogStore(db, exec),
    patientLinks: patientLinkStore(db, exec),
    patientSessions: patientSessionStore(db, exec),
    uploadLinks: uploadLinkStore(db, exec),
    uploadSessions: uploadSessionStore(db, exec),
    uploads: uploadStore(db, exec),
  };
}

/**
 * A store on an open, migrated database. Transactions take the connection for themselves
 * (ConnectionLock, which explains why) and BEGIN IMMEDIATE, so the write lock is held from the
 * first read: another process on the same file waits (busy_timeout) instead of interleaving.
 */
function sqliteStoreOn(db: Db): Store {
  const lock = new ConnectionLock();
  const outside = storeData(db, lock.run);
  let open = false;
  // A transaction's own calls run at once (it holds the connection); after its end, or from
  // code outside it, they fail instead of writing outside any transaction.
  const inside: Exec = async (work) => {
    if (!open || !lock.heldHere()) throw new Error('This transaction has ended; its store can no longer be used');
    return work();
  };
  const tx = storeData(db, inside);
  return {
    ...outside,
    transaction: (work) =>
      lock.exclusive(async () => {
        db.exec('BEGIN IMMEDIATE');
        open = true;
        try {
          const result = await work(tx);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          // A failed statement may have ended the transaction already (SQLite rolls back on some errors).
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        } finally {
          open = false;
        }
      }),
    schemaVersion: () => lock.run(() => schemaVersion(db)),
    close: async () => {
      await lock.idle();
      db.close();
    },
  };
}
