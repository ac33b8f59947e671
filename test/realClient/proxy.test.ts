import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createProxyBackend } from '../../src/server/proxy/proxyBackend';
import { startOrthanc, type RunningOrthanc } from '../support/orthanc';
import { asGatewayJson, listeningGateway } from '../proxy/gateway';
import { realClient } from './dicomwebClient';
import { realClientSuite } from './realClientSuite';

/** The npm dicomweb-client through the gateway in proxy mode: reads from the shared Orthanc, stores into one of its own. */

const orthanc = inject('orthanc');
let reader: { app: FastifyInstance; url: string };
let writable: RunningOrthanc;
let writer: { app: FastifyInstance; url: string };
beforeAll(async () => {
  writable = await startOrthanc();
  [reader, writer] = await Promise.all([
    listeningGateway(createProxyBackend({ url: orthanc.baseUrl })),
    listeningGateway(createProxyBackend({ url: writable.baseUrl })),
  ]);
});
afterAll(async () => {
  await Promise.all([reader?.app.close(), writer?.app.close()]);
  await writable?.stop();
});

realClientSuite('gateway (proxy) → Orthanc', {
  read: () => `${reader.url}/dicomweb`,
  write: () => `${writer.url}/dicomweb`,
});

it('searches answer what Orthanc answers, URLs aside', async () => {
  const direct = await fetch(`${orthanc.baseUrl}/studies?PatientName=Test*`, {
    headers: { accept: 'application/dicom+json' },
  });
  const viaClient = await realClient(`${reader.url}/dicomweb`).searchForStudies({ PatientName: 'Test*' });
  expect(viaClient).toEqual(asGatewayJson(await direct.json(), orthanc.baseUrl, `${reader.url}/dicomweb`));
});
