import { access } from 'node:fs/promises';
import path from 'node:path';
import type { InflatedRenditions } from '../deflated/renditions';
import type { ArchiveIndex } from '../index/archiveIndex';
import { recordFromFile } from '../ingest/fileRecord';
import type { ArchiveLogger } from '../logger';
import type { FileStore } from './fileStore';

interface RecoveryReport {
  /** Files renamed into archive/ before a stop whose rows were then written from the file. */
  indexed: number;
  /** Temp files of stores that had not reached archive/; the archive kept its previous state. */
  discarded: number;
}

/**
 * Settles stores a crash interrupted (see Ingester.commit). A pending mark whose temp file still
 * exists never reached archive/: the temp goes. One whose temp is gone was renamed into place: its
 * row is written from the file now. Then tmp/ is emptied, so uploads in flight leave nothing.
 */
export async function recover(
  files: FileStore,
  index: ArchiveIndex,
  logger: ArchiveLogger,
  renditions: InflatedRenditions,
): Promise<RecoveryReport> {
  const report: RecoveryReport = { indexed: 0, discarded: 0 };
  for (const pending of index.pending()) {
    const target = pending.target.replace(/^archive\//, '');
    if (await exists(path.join(files.dataDir, pending.temp))) {
      report.discarded++;
    } else if (await exists(files.absolute(target))) {
      const record = await recordFromFile(files, target, renditions);
      if ('dataset' in record) {
        index.put(record, pending.temp);
        report.indexed++;
        continue;
      }
      logger.warn(
        `Removing ${target}: it was being stored when the gateway stopped and cannot be read (${record.reason})`,
      );
      await files.remove(target);
    }
    index.removePending(pending.temp);
  }
  const removed = await files.clearTemp();
  if (report.indexed + report.discarded + removed > 0) {
    logger.info(`Archive recovery: ${report.indexed} interrupted stores completed, ${removed} temp files removed`);
  }
  return report;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
