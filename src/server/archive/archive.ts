import path from 'node:path';
import type { DicomwebBackend, RequestContext } from '../dicomweb/backend';
import type { SearchRequest } from '../dicomweb/request';
import { DEFAULT_MAX_INFLATED_BYTES } from './deflated/inflate';
import { InflatedRenditions } from './deflated/renditions';
import type { Htj2kEncoder } from '../htj2k/encoder';
import { Htj2kRenditions } from './htj2k/htj2kRenditions';
import { ArchiveIndex } from './index/archiveIndex';
import { openDb, type Db } from './index/schema';
import { Ingester, type IngestOptions } from './ingest/ingester';
import type { IngestOutcome } from './ingest/outcome';
import type { ArchiveLogger } from './logger';
import type { Level } from '../../dicom/levels';
import { MAX_RESULTS, SEARCH_DEADLINE_MS } from './qido/search';
import { SEARCH_WORKERS, SearchPool } from './qido/searchPool';
import { rebuildIndex, type ReindexReport } from './reindex';
import { lockDataDir } from './store/dataDirLock';
import { FileStore } from './store/fileStore';
import { recover } from './store/recovery';
import { storeInstances } from './stow/storeInstances';
import type { InstanceIndex } from './types';
import { createPixelLoader } from './wado/pixelLoader';
import { createWadoRetriever } from './wado/wadoRetriever';
import { makeOpeningPicture } from '../rendered/makeOpeningPicture';
import { createRenderedRetriever, isRenderedRequest } from '../rendered/renderedRetriever';
import { OpeningPictures } from './openingPictures';

export type { IngestOutcome, IngestSuccess } from './ingest/outcome';
export type { ReindexReport } from './reindex';
export type { ArchiveLogger } from './logger';

/** The embedded archive: DICOM files under DATA_DIR/archive, indexed in DATA_DIR/archive.sqlite. */
export interface Archive extends DicomwebBackend {
  /** Stores one Part 10 file (or bare data set); never throws for bad input, says why instead. */
  ingest(bytes: Uint8Array, options?: IngestOptions): Promise<IngestOutcome>;
  instanceCount(): number;
  /** Rebuilds the index from the files; stores wait meanwhile. */
  reindex(onFile?: (relativePath: string) => void): Promise<ReindexReport>;
  /** What WADO-RS reads. */
  readonly index: InstanceIndex;
  /** The HTJ2K renditions of frames; undefined when the archive makes none (HTJ2K_RENDITIONS off). */
  readonly htj2k: Htj2kRenditions | undefined;
}

export interface OpenArchiveOptions {
  dataDir: string;
  logger?: ArchiveLogger;
  /** Server maximum of QIDO-RS results per level (default MAX_RESULTS). */
  maxResults?: Readonly<Record<Level, number>>;
  /** How long one search's matching may run before it answers 503 (QIDO_DEADLINE_MS; default SEARCH_DEADLINE_MS). */
  searchDeadlineMs?: number;
  /** Worker threads that run searches (QIDO_WORKERS; default SEARCH_WORKERS). */
  searchWorkers?: number;
  /** Largest data set a deflated file may inflate to (MAX_INFLATED_BYTES; default DEFAULT_MAX_INFLATED_BYTES). */
  maxInflatedBytes?: number;
  /**
   * Encodes lossless HTJ2K renditions of frames, after ingest and on demand (HTJ2K_RENDITIONS,
   * ENCODE_WORKERS); without one, frames are served only as stored. The archive closes it.
   */
  htj2kEncoder?: Htj2kEncoder;
  /**
   * Start the search workers now rather than with the first search: a gateway's first QIDO
   * otherwise waits ~250 ms for them to boot, on the first image's critical path. Tools that
   * open the archive and never search (import, reindex) leave it off.
   */
  startSearchWorkers?: boolean;
  /**
   * Makes the picture a viewer page names for each series once it is stored (OPENING_PICTURES;
   * archive/openingPictures.ts). Off where nobody views (tests of other parts).
   */
  openingPictures?: boolean;
}

/** Opens (creating) the archive and settles stores that a crash interrupted before anything is served. */
export async function openArchive({
  dataDir,
  logger = console,
  maxResults = MAX_RESULTS,
  searchDeadlineMs = SEARCH_DEADLINE_MS,
  searchWorkers = SEARCH_WORKERS,
  maxInflatedBytes = DEFAULT_MAX_INFLATED_BYTES,
  htj2kEncoder,
  startSearchWorkers = false,
  openingPictures = false,
}: OpenArchiveOptions): Promise<Archive> {
  const files = new FileStore(path.resolve(dataDir));
  const renditions = new InflatedRenditions(files.dataDir, maxInflatedBytes);
  await files.init();
  const unlock = await lockDataDir(files.dataDir);
  const file = path.join(files.dataDir, 'archive.sqlite');
  let db: Db;
  let outdated: boolean;
  try {
    ({ db, outdated } = openDb(file));
  } catch (error) {
    await unlock();
    await htj2kEncoder?.close();
    throw error;
  }
  try {
    const index = new ArchiveIndex(db, files.archiveDir);
    await recover(files, index, logger, renditions);
    if (outdated) {
      logger.info('The archive index has an older layout: rebuilding it from the files');
      const report = await rebuildIndex(files, db, renditions);
      logger.info(
        `Rebuilt the archive index: ${report.studies} studies, ${report.instances} instances, ${report.unreadable.length} unreadable files`,
      );
    }
    // Nothing below throws (a worker that cannot start makes searches answer 503), so there is nothing to stop on failure.
    const pool = new SearchPool({ file, maxResults, deadlineMs: searchDeadlineMs }, searchWorkers);
    if (startSearchWorkers) await pool.start();
    const htj2k =
      htj2kEncoder && new Htj2kRenditions(files.dataDir, htj2kEncoder, createPixelLoader(renditions), logger);
    const retrieve = createWadoRetriever(index, renditions, htj2k);
    const source = { search: (r: SearchRequest, c: RequestContext) => pool.search(r, c.publicBase), retrieve };
    const pictures = openingPictures
      ? new OpeningPictures(
          path.join(files.dataDir, 'cache', 'rendered'),
          (study, series) => makeOpeningPicture(source, rendered, study, series),
          logger,
        )
      : undefined;
    const rendered = createRenderedRetriever(source, pictures);
    const ingester = new Ingester(files, index, logger, renditions, (stored) => {
      const [instance] = index.find(stored.studyInstanceUID, stored.seriesInstanceUID, stored.sopInstanceUID);
      if (instance) htj2k?.enqueue(instance);
      pictures?.touch(stored.studyInstanceUID, stored.seriesInstanceUID);
    });
    return {
      name: 'embedded archive',
      inProcess: true,
      index,
      htj2k,
      search: (request, context) => pool.search(request, context.publicBase),
      retrieve: (request, context) =>
        isRenderedRequest(request) ? rendered(request, context) : retrieve(request, context),
      store: (request, input, context) => storeInstances(ingester, files, request, input, context),
      ingest: (bytes, options) => ingester.ingest(bytes, options),
      instanceCount: () => index.instanceCount(),
      ingestWarnings: async (study) => index.warnings(study),
      reindex: (onFile) => ingester.gate.runExclusive(() => rebuildIndex(files, db, renditions, onFile)),
      ready: async () => db.open,
      close: async () => {
        if (!db.open) return;
        // Pictures of series stored in the last moments are made now (an import ends here).
        await pictures?.drain();
        await pool.close();
        await htj2k?.close();
        await htj2kEncoder?.close();
        db.close();
        await unlock();
      },
    };
  } catch (error) {
    db.close();
    await unlock();
    await htj2kEncoder?.close();
    throw error;
  }
}
