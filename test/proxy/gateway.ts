import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import type { DicomwebBackend } from '../../src/server/dicomweb/backend';
import { allowAllGuard } from '../support/dicomweb/allowAllGuard';
import { parseMediaType, parseMultipart, type Part } from '../../src/dicomweb/multipart';

/** The gateway app around a backend, as tests drive it: no SPA, quiet logs, a 64 MiB upload cap by default. */
export function gatewayApp(backend: DicomwebBackend, maxUploadBytes = 64 * 1024 ** 2): Promise<FastifyInstance> {
  return buildApp({
    config: { maxUploadBytes, staticDir: '/nonexistent', trustProxy: false, logLevel: 'silent' },
    backend,
    guard: allowAllGuard,
  });
}

/** The gateway listening on a loopback port, for tests that need a real socket (streaming, real clients). */
export async function listeningGateway(backend: DicomwebBackend): Promise<{ app: FastifyInstance; url: string }> {
  const app = await gatewayApp(backend);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: address };
}

/** Parts of a multipart/related answer, whatever boundary the server picked. */
export function multipartParts(contentType: unknown, body: Uint8Array): Part[] {
  const boundary = parseMediaType(typeof contentType === 'string' ? contentType : undefined)?.params.boundary;
  if (boundary === undefined) throw new Error(`Not a multipart answer: ${String(contentType)}`);
  return parseMultipart(body, boundary);
}

/** GET from a DICOMweb server directly (Orthanc), as bytes. */
export async function fetchBytes(
  url: string,
  accept?: string,
): Promise<{ status: number; contentType: string | null; body: Uint8Array }> {
  const response = await fetch(url, { headers: accept === undefined ? {} : { accept } });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

/** SHA-256 of each part's body: cheap to compare, readable when it differs (deep-equal on MB buffers is slow). */
export function partDigests(parts: Part[]): string[] {
  return parts.map(
    (part) => `${part.body.length}:${createHash('sha256').update(part.body).digest('hex').slice(0, 16)}`,
  );
}

/**
 * Orthanc's JSON as the gateway must present it: URLs under Orthanc's DICOMweb root moved to the
 * gateway's, bulk data tags in canonical upper case, everything else untouched.
 */
export function asGatewayJson(value: unknown, orthancBase: string, publicBase: string): unknown {
  if (typeof value === 'string') {
    if (!value.startsWith(`${orthancBase}/`)) return value;
    return `${publicBase}${value.slice(orthancBase.length)}`.replace(
      /(\/bulk\/)([0-9a-f/]+)$/i,
      (_all, bulk: string, path: string) => bulk + path.toUpperCase(),
    );
  }
  if (Array.isArray(value)) return value.map((item) => asGatewayJson(item, orthancBase, publicBase));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, asGatewayJson(inner, orthancBase, publicBase)]),
    );
  }
  return value;
}
