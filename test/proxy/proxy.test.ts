import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DicomJsonDataset } from '../../src/dicom/json';
import { createProxyBackend } from '../../src/server/proxy/proxyBackend';
import { corpusInstance, corpusSeries, instancePath } from './fixtures';
import { asGatewayJson, fetchBytes, gatewayApp, multipartParts, partDigests } from './gateway';

/** The gateway in proxy mode in front of the shared Orthanc, compared with Orthanc answering directly. */

const orthanc = inject('orthanc');
const HOST = 'gateway.test';
const PUBLIC_BASE = `http://${HOST}/dicomweb`;
const knee = corpusInstance('kinds/multiframe/mr-enhanced-knee-19frames.dcm');
const ecg = corpusInstance('kinds/waveform/ecg-12lead.dcm');
const withIcon = corpusInstance('kinds/overlay/mr-siemens-overlay-and-icon.dcm');
const ctSeries = corpusSeries('series/ct-philips-head-phantom-1mm/');

let app: FastifyInstance;
beforeAll(async () => {
  app = await gatewayApp(createProxyBackend({ url: orthanc.baseUrl }));
});
afterAll(() => app.close());

const get = (path: string, accept?: string) =>
  app.inject({
    method: 'GET',
    url: `/dicomweb${path}`,
    headers: { host: HOST, ...(accept === undefined ? {} : { accept }) },
  });

const expectedJson = (value: unknown) => asGatewayJson(value, orthanc.baseUrl, PUBLIC_BASE);

async function orthancJson(path: string): Promise<unknown> {
  const response = await fetch(`${orthanc.baseUrl}${path}`, { headers: { accept: 'application/dicom+json' } });
  expect(response.status).toBe(200);
  return response.json();
}

function bulkDataUris(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) bulkDataUris(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'BulkDataURI' && typeof inner === 'string') found.push(inner);
      else bulkDataUris(inner, found);
    }
  }
  return found;
}

describe('proxy backend: QIDO-RS', () => {
  it.each([
    '/studies',
    '/studies?PatientName=Test*',
    `/studies?ModalitiesInStudy=MR&includefield=StudyDescription`,
    '/studies?StudyDate=20000101-20101231&limit=3&offset=1',
    '/studies?includefield=all&limit=5',
    `/studies/${ctSeries.study}/series`,
    `/studies/${ctSeries.study}/series/${ctSeries.series}/instances?limit=10&offset=20`,
    `/series?Modality=SEG`,
    `/instances?SOPInstanceUID=${knee.instance},${ecg.instance}`,
  ])('GET %s answers what Orthanc answers, with RetrieveURLs on the gateway', async (path) => {
    const response = await get(path);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/dicom\+json/);
    const body: unknown = response.json();
    expect(body).toEqual(expectedJson(await orthancJson(path)));
    expect(response.body).not.toContain(orthanc.baseUrl.replace('http://', ''));
  });

  it('sends percent-encoded values on raw, since Orthanc does not decode them', async () => {
    const response = await get('/studies?PatientName=Test%5EPattern');
    expect(response.json<DicomJsonDataset[]>().map((study) => study['00100010']?.Value)).toEqual([
      [{ Alphabetic: 'Test^Pattern' }],
    ]);
  });

  it('answers [] for a study Orthanc does not have', async () => {
    const response = await get('/studies/1.2.3.4.5.6.7.8.9/series');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });
});

describe('proxy backend: WADO-RS', () => {
  it('rewrites study metadata to the gateway, URL by URL', async () => {
    const path = `/studies/${ecg.study}/metadata`;
    const response = await get(path, 'application/dicom+json');
    expect(response.statusCode).toBe(200);
    const body = response.json<DicomJsonDataset[]>();
    expect(body).toEqual(expectedJson(await orthancJson(path)));
    const uris = bulkDataUris(body);
    expect(uris.length).toBeGreaterThan(0);
    expect(uris.every((uri) => uri.startsWith(`${PUBLIC_BASE}/studies/${ecg.study}/`))).toBe(true);
    expect(uris).toContain(`${PUBLIC_BASE}${instancePath(ecg)}/bulk/54000100/1/54001010`);
  });

  it('serves rewritten BulkDataURIs, byte for byte as Orthanc does', async () => {
    for (const uids of [ecg, withIcon, knee]) {
      const metadata = (await get(`${instancePath(uids)}/metadata`)).json<DicomJsonDataset[]>();
      const uris = bulkDataUris(metadata);
      expect(uris.length).toBeGreaterThan(0);
      for (const uri of uris) {
        const relative = uri.slice(PUBLIC_BASE.length);
        const viaGateway = await get(relative, 'multipart/related; type="application/octet-stream"');
        expect(viaGateway.statusCode, uri).toBe(200);
        const direct = await fetchBytes(
          `${orthanc.baseUrl}${relative}`,
          'multipart/related; type="application/octet-stream"',
        );
        const gatewayParts = multipartParts(viaGateway.headers['content-type'], viaGateway.rawPayload);
        const directParts = multipartParts(direct.contentType, direct.body);
        expect(partDigests(gatewayParts)).toEqual(partDigests(directParts));
      }
    }
  });

  it.each([
    ['1', undefined],
    ['1,3,19', undefined],
    ['2', 'multipart/related; type="application/octet-stream"; transfer-syntax=*'],
  ])('frames %s (Accept %s) are byte-identical to Orthanc direct', async (frames, accept) => {
    const path = `${instancePath(knee)}/frames/${frames}`;
    const viaGateway = await get(path, accept);
    const direct = await fetchBytes(`${orthanc.baseUrl}${path}`, accept);
    expect(viaGateway.statusCode).toBe(direct.status);
    expect(viaGateway.headers['content-type']?.toString().replace(/boundary=[^;]+/, '')).toBe(
      direct.contentType?.replace(/boundary=[^;]+/, ''),
    );
    const parts = multipartParts(viaGateway.headers['content-type'], viaGateway.rawPayload);
    expect(parts).toHaveLength(frames.split(',').length);
    expect(partDigests(parts)).toEqual(partDigests(multipartParts(direct.contentType, direct.body)));
  });

  it('retrieves an instance byte-identical to Orthanc, with its Content-Length', async () => {
    const viaGateway = await get(instancePath(ecg), 'multipart/related; type="application/dicom"');
    const direct = await fetchBytes(
      `${orthanc.baseUrl}${instancePath(ecg)}`,
      'multipart/related; type="application/dicom"',
    );
    expect(viaGateway.statusCode).toBe(200);
    expect(Number(viaGateway.headers['content-length'])).toBe(viaGateway.rawPayload.length);
    const parts = multipartParts(viaGateway.headers['content-type'], viaGateway.rawPayload);
    expect(partDigests(parts)).toEqual(partDigests(multipartParts(direct.contentType, direct.body)));
    expect(Buffer.from(parts[0]!.body.subarray(128, 132)).toString('latin1')).toBe('DICM');
  });

  it('maps upstream 404 to the gateway JSON error, without Orthanc details', async () => {
    const response = await get('/studies/1.2.3.4.5.6.7.8.9/metadata');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'NOT_FOUND', message: 'Not found in the archive' });
  });

  it('refuses metadata in a media type it cannot rewrite', async () => {
    const response = await get(`${instancePath(ecg)}/metadata`, 'multipart/related; type="application/dicom+xml"');
    expect(response.statusCode).toBe(406);
  });

  it('never lets a raw path reach the upstream', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/dicomweb/studies/1.2/..%2F..%2Fsystem',
      headers: { host: HOST },
    });
    expect(response.statusCode).toBe(400);
  });

  it('reports ready on /healthz', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.json()).toEqual({ status: 'ok', backend: 'proxy' });
  });
});
