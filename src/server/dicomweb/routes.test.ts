import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { HttpError } from '../errors';
import type { AccessOptions } from '../security/accessLayer';
import type { DicomwebBackend } from './backend';
import type { DicomwebGuard } from './guard';

const config = { maxUploadBytes: 1024, staticDir: '/nonexistent', trustProxy: false, logLevel: 'silent' } as const;

/** A backend no request may reach: the guard below refuses everything first. */
const unreachable = async (): Promise<never> => {
  throw new Error('the backend was reached past a refusing guard');
};
const backend: DicomwebBackend = {
  name: 'unreachable',
  search: unreachable,
  retrieve: unreachable,
  store: unreachable,
  ready: async () => true,
  close: async () => undefined,
};

const refuseAll: DicomwebGuard = {
  admit: async () => {
    throw new HttpError(401, 'UNAUTHENTICATED', 'Sign in first');
  },
  check: unreachable,
};

// Compiled, never run: a gateway without an answer to "who may reach /dicomweb" does not type-check.
export function gatewaysThatDoNotCompile(guard: DicomwebGuard, access: AccessOptions) {
  // @ts-expect-error neither the access layer nor a guard
  void buildApp({ config, backend });
  // @ts-expect-error the access layer brings its own guard; a second one would be ignored
  void buildApp({ config, backend, access, guard });
}

describe('the /dicomweb routes', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ config, backend, guard: refuseAll });
  });
  afterAll(async () => app.close());

  it.each([
    ['GET', '/dicomweb/studies'],
    ['GET', '/dicomweb'],
    ['HEAD', '/dicomweb/studies/1.2.3/metadata'],
    ['GET', '/dicomweb/studies//1.2.3'],
    ['GET', '/dicomweb/no-such-resource'],
    ['POST', '/dicomweb/studies'],
    ['PUT', '/dicomweb/studies/1.2.3'],
    ['DELETE', '/dicomweb/studies/1.2.3'],
    ['OPTIONS', '/dicomweb/studies'],
  ] as const)('ask the guard before anything else: %s %s', async (method, url) => {
    const response = await app.inject({
      method,
      url,
      headers: { 'content-type': 'application/dicom' },
      payload: method === 'POST' ? Buffer.from('x') : undefined,
    });
    // Not 400 (bad path), 405 (method) or 500 (backend): the refusal comes first.
    expect(response.statusCode).toBe(401);
    if (method !== 'HEAD') expect(response.json()).toEqual({ error: 'UNAUTHENTICATED', message: 'Sign in first' });
  });
});
