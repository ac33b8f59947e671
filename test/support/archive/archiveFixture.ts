import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { DicomJsonDataset } from '../../../src/dicom/json';
import { formatMultipart } from '../../../src/dicomweb/multipart';
import { buildApp } from '../../../src/server/app';
import {
  openArchive,
  type Archive,
  type IngestOutcome,
  type OpenArchiveOptions,
} from '../../../src/server/archive/archive';
import { silentLogger } from '../../../src/server/archive/logger';
import { allowAllGuard } from '../dicomweb/allowAllGuard';

export interface ArchiveFixture {
  dataDir: string;
  archive: Archive;
  app: FastifyInstance;
  /** Closes the app (and so the archive) and deletes the data folder. */
  dispose(): Promise<void>;
}

/** A gateway on a fresh embedded archive in a temp DATA_DIR, driven with app.inject() (no listen, no sign-in). */
export async function archiveFixture(
  options: { maxUploadBytes?: number; archive?: Partial<OpenArchiveOptions> } = {},
): Promise<ArchiveFixture> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'secondread-archive-'));
  const archive = await openArchive({ dataDir, logger: silentLogger, ...options.archive });
  const app = await buildApp({
    config: {
      maxUploadBytes: options.maxUploadBytes ?? 512 * 1024 * 1024,
      staticDir: path.join(dataDir, 'no-spa'),
      trustProxy: false,
      logLevel: 'silent',
    },
    backend: archive,
    guard: allowAllGuard,
  });
  return {
    dataDir,
    archive,
    app,
    dispose: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Ingests files and fails loudly when one is refused. */
export async function load(archive: Archive, files: string[]): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = [];
  for (const file of files) {
    const outcome = await archive.ingest(new Uint8Array(readFileSync(file)));
    if (!outcome.ok) throw new Error(`${file}: ${outcome.reason}`);
    outcomes.push(outcome);
  }
  return outcomes;
}

export const BOUNDARY = 'secondread-test-boundary-6c1f';

/** A STOW-RS multipart body of DICOM parts. */
export function stowBody(parts: Uint8Array[], contentType = 'application/dicom'): Buffer {
  return Buffer.from(
    formatMultipart(
      BOUNDARY,
      parts.map((body) => ({ headers: { 'Content-Type': contentType }, body })),
    ),
  );
}

export const STOW_TYPE = `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`;

/** One STOW-RS request of these files to the fixture's gateway, and the Store Instances Response's two lists. */
export async function stowFiles(app: FastifyInstance, files: Uint8Array[]) {
  const response = await app.inject({
    method: 'POST',
    url: '/dicomweb/studies',
    headers: { 'content-type': STOW_TYPE },
    payload: stowBody(files),
  });
  const body = response.json<DicomJsonDataset>();
  return {
    status: response.statusCode,
    stored: (body['00081199']?.Value ?? []) as DicomJsonDataset[],
    failed: (body['00081198']?.Value ?? []) as DicomJsonDataset[],
  };
}
