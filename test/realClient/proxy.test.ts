import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { firstString, type DicomJsonDataset } from '../../src/dicom/json';
import { createProxyBackend } from '../../src/server/proxy/proxyBackend';
import { corpusDir } from '../corpus';
import { startOrthanc, type RunningOrthanc } from '../orthanc';
import { corpusInstance, corpusSeries, instancePath } from '../proxy/fixtures';
import { asGatewayJson, fetchBytes, listeningGateway, multipartParts, partDigests } from '../proxy/gateway';
import { realClient, type InstanceRef, type RealClient } from './dicomwebClient';

/** The npm dicomweb-client against the gateway in proxy mode (gateway → shared Orthanc), compared with Orthanc direct. */

const orthanc = inject('orthanc');
const kneeFile = 'kinds/multiframe/mr-enhanced-knee-19frames.dcm';
const knee = corpusInstance(kneeFile);
const ct = corpusSeries('series/ct-liver-3slice-with-seg/');
const ref = ({ study, series, instance }: { study: string; series: string; instance: string }): InstanceRef => ({
  studyInstanceUID: study,
  seriesInstanceUID: series,
  sopInstanceUID: instance,
});

let gateway: { app: FastifyInstance; url: string };
let client: RealClient;
let publicBase: string;
beforeAll(async () => {
  gateway = await listeningGateway(createProxyBackend({ url: orthanc.baseUrl }));
  publicBase = `${gateway.url}/dicomweb`;
  client = realClient(publicBase);
});
afterAll(() => gateway.app.close());

async function orthancJson(path: string): Promise<unknown> {
  const response = await fetch(`${orthanc.baseUrl}${path}`, { headers: { accept: 'application/dicom+json' } });
  return asGatewayJson(await response.json(), orthanc.baseUrl, publicBase);
}

describe('dicomweb-client → gateway (proxy) → Orthanc', () => {
  it('searchForStudies, with and without filters', async () => {
    expect(await client.searchForStudies()).toEqual(await orthancJson('/studies'));
    const matches = await client.searchForStudies({ PatientName: 'Test*', includefield: 'StudyDescription' });
    expect(matches).toEqual(await orthancJson('/studies?PatientName=Test*&includefield=StudyDescription'));
    expect(matches.length).toBeGreaterThan(0);
  });

  it('searchForSeries and searchForInstances', async () => {
    expect(await client.searchForSeries(ct.study)).toEqual(await orthancJson(`/studies/${ct.study}/series`));
    const instances = await client.searchForInstances(ct.study, ct.series);
    expect(instances).toHaveLength(ct.instances);
    expect(instances).toEqual(await orthancJson(`/studies/${ct.study}/series/${ct.series}/instances`));
  });

  it('retrieveInstanceMetadata, then retrieveBulkData on its rewritten BulkDataURI', async () => {
    const [metadata] = await client.retrieveInstanceMetadata(ref(knee));
    expect(firstString(metadata!, '00080018')).toBe(knee.instance);
    const pixelData = metadata!['7FE00010']?.BulkDataURI;
    expect(pixelData).toBe(`${publicBase}${instancePath(knee)}/bulk/7FE00010`);
    const viaClient = await client.retrieveBulkData(pixelData!);
    const direct = await fetchBytes(`${orthanc.baseUrl}${instancePath(knee)}/bulk/7fe00010`, 'multipart/related; type="application/octet-stream"');
    expect(partDigests(viaClient.map((body) => ({ headers: {}, body })))).toEqual(partDigests(multipartParts(direct.contentType, direct.body)));
  });

  it('retrieveInstanceFrames, byte-identical to Orthanc direct', async () => {
    const frames = await client.retrieveInstanceFrames(ref(knee), '1,19');
    expect(frames).toHaveLength(2);
    const direct = await fetchBytes(`${orthanc.baseUrl}${instancePath(knee)}/frames/1,19`);
    expect(partDigests(frames.map((body) => ({ headers: {}, body })))).toEqual(partDigests(multipartParts(direct.contentType, direct.body)));
  });

  it('retrieveInstance gives back the stored file', async () => {
    const file = await client.retrieveInstance(ref(knee));
    expect(Buffer.from(file).equals(await readFile(`${corpusDir}/${kneeFile}`))).toBe(true);
  });
});

describe('dicomweb-client storeInstances → gateway (proxy) → Orthanc', () => {
  let writable: RunningOrthanc;
  let writableGateway: { app: FastifyInstance; url: string };
  beforeAll(async () => {
    writable = await startOrthanc();
    writableGateway = await listeningGateway(createProxyBackend({ url: writable.baseUrl }));
  });
  afterAll(async () => {
    await writableGateway?.app.close();
    await writable?.stop();
  });

  it('stores, and the instance is then found through the same client', async () => {
    const store = realClient(`${writableGateway.url}/dicomweb`);
    const file = await readFile(`${corpusDir}/${kneeFile}`);
    await store.storeInstances([file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength)]);
    const found: DicomJsonDataset[] = await store.searchForInstances(knee.study, knee.series);
    expect(found.map((dataset) => firstString(dataset, '00080018'))).toEqual([knee.instance]);
  });
});
