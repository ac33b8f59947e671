import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app';
import type { DicomwebBackend } from '../../../src/server/dicomweb/backend';
import { allowAllGuard } from '../dicomweb/allowAllGuard';
import { parseMediaType, parseMultipart, type Part } from '../../../src/dicomweb/multipart';
import { DEFAULT_MAX_INFLATED_BYTES } from '../../../src/server/archive/deflated/inflate';
import { InflatedRenditions } from '../../../src/server/archive/deflated/renditions';
import type { InstanceIndex } from '../../../src/server/archive/types';
import { createWadoRetriever } from '../../../src/server/archive/wado/wadoRetriever';

/**
 * The gateway with a backend whose retrieval is WADO-RS over `index`: real routes, headers and
 * error JSON. Renditions of deflated files go to a temp folder, removed when the app closes.
 */
export async function wadoApp(index: InstanceIndex): Promise<FastifyInstance> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wado-renditions-'));
  const refuse = async (): Promise<never> => {
    throw new Error('not part of WADO-RS tests');
  };
  const backend: DicomwebBackend = {
    name: 'wado-test',
    search: refuse,
    store: refuse,
    retrieve: createWadoRetriever(index, new InflatedRenditions(dataDir, DEFAULT_MAX_INFLATED_BYTES)),
    ready: async () => true,
    close: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
  return buildApp({
    config: { maxUploadBytes: 1 << 20, staticDir: '/nonexistent', trustProxy: false, logLevel: 'silent' },
    backend,
    guard: allowAllGuard,
  });
}

/** The parts of a multipart/related response, checking its framing. */
export function responseParts(response: { headers: Record<string, unknown>; rawPayload: Buffer }): Part[] {
  const contentType = response.headers['content-type'];
  const boundary = parseMediaType(typeof contentType === 'string' ? contentType : undefined)?.params.boundary;
  if (boundary === undefined) throw new Error(`No boundary in ${String(contentType)}`);
  return parseMultipart(response.rawPayload, boundary);
}
