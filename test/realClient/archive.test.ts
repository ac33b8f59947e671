import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { openArchive } from '../../src/server/archive/archive';
import { silentLogger } from '../../src/server/archive/logger';
import { corpusDir, entryFiles, manifest } from '../support/corpus';
import { listeningGateway } from '../proxy/gateway';
import { REAL_CLIENT_FILES, realClientSuite } from './realClientSuite';

/** The npm dicomweb-client against the gateway on the embedded archive. */

let dataDir: string;
let gateway: { app: FastifyInstance; url: string };
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'secondread-realclient-'));
  const archive = await openArchive({ dataDir, logger: silentLogger });
  const files = manifest.entries.filter((entry) => REAL_CLIENT_FILES.includes(entry.path)).flatMap(entryFiles);
  for (const file of files) {
    const outcome = await archive.ingest(new Uint8Array(await readFile(file)));
    if (!outcome.ok) throw new Error(`${path.relative(corpusDir, file)}: ${outcome.reason}`);
  }
  gateway = await listeningGateway(archive);
});
afterAll(async () => {
  await gateway?.app.close();
  await rm(dataDir, { recursive: true, force: true });
});

realClientSuite('gateway (embedded archive)', {
  read: () => `${gateway.url}/dicomweb`,
  write: () => `${gateway.url}/dicomweb`,
});
