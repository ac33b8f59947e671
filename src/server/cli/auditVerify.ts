import { existsSync } from 'node:fs';
import path from 'node:path';
import { verifyChain, type ChainVerdict } from '../audit/verifyChain';
import { ConfigError, loadConfig } from '../config';
import { openDatabase, STORE_FILE } from '../store/database';
import { auditLogStore } from '../store/auditLog';
import { runNow } from '../store/connection';

/**
 * `npm run audit:verify`: checks the hash chain of DATA_DIR/secondread.sqlite, read-only.
 * Exit 0 and the record count when intact; exit 1 naming the first broken record otherwise.
 */
export async function verifyAuditFile(dataDir: string): Promise<ChainVerdict> {
  const db = openDatabase(dataDir, { readonly: true });
  try {
    return await verifyChain(auditLogStore(db, runNow));
  } finally {
    db.close();
  }
}

async function main(): Promise<number> {
  let dataDir: string;
  try {
    dataDir = loadConfig().dataDir;
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : String(error));
    return 2;
  }
  if (!existsSync(path.join(dataDir, STORE_FILE))) {
    console.error(`No ${STORE_FILE} in ${dataDir}: nothing to verify`);
    return 2;
  }
  const verdict = await verifyAuditFile(dataDir);
  if (verdict.ok) {
    console.log(`Audit trail OK: ${verdict.count} records, chain intact`);
    return 0;
  }
  console.error(
    `Audit trail BROKEN at record ${verdict.brokenId}: ${verdict.reason} (${verdict.count} records verified before it)`,
  );
  return 1;
}

process.exitCode = await main();
