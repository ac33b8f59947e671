import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../dicom/json';
import { parseMediaType, parseMultipart } from '../../dicomweb/multipart';
import type { BackendResponse, RequestContext } from '../dicomweb/backend';
import { createRenderedRetriever } from './renderedRetriever';

/**
 * A rendered series streamed from a backend that counts its frame requests: 140 slices of 2×2
 * 8-bit pixels, slice n all of value n, so each part says which slice it is.
 */
const SLICES = 140;
const STUDY = '1.2.3';
const SERIES = '1.2.3.4';

function countingBackend() {
  const counts = { asked: 0, running: 0, mostRunning: 0 };
  const element = (vr: string, value: string | number) => ({ vr, Value: [value] });
  const datasets: DicomJsonDataset[] = Array.from({ length: SLICES }, (_, i) => ({
    '00080018': element('UI', `1.2.3.4.${SLICES - i}`),
    '00080060': element('CS', 'CT'),
    '00200013': element('IS', SLICES - i),
    '00280010': element('US', 2),
    '00280011': element('US', 2),
    '00280100': element('US', 8),
    '00280101': element('US', 8),
    '00281050': element('DS', 70),
    '00281051': element('DS', 140),
  }));
  const retrieve = async (request: { kind: string; instance?: string }): Promise<BackendResponse> => {
    if (request.kind === 'metadata') {
      return { status: 200, headers: { etag: '"v1"' }, body: JSON.stringify(datasets) };
    }
    counts.asked++;
    counts.running++;
    counts.mostRunning = Math.max(counts.mostRunning, counts.running);
    await sleep(2);
    counts.running--;
    const slice = Number(request.instance!.split('.').at(-1));
    return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(4, slice) };
  };
  const search = () => Promise.reject(new Error('a series-level answer needs no search'));
  return { counts, retriever: createRenderedRetriever({ search, retrieve }) };
}

function context(signal: AbortSignal): RequestContext {
  return { accept: 'image/png', publicBase: 'http://gateway/dicomweb', signal };
}

const request = { kind: 'rendered', study: STUDY, series: SERIES, options: {} } as const;

describe('a rendered series, streamed', () => {
  it('holds every slice in Instance Number order, with at most 4 being made at once', async () => {
    const { counts, retriever } = countingBackend();
    const response = await retriever(request, context(new AbortController().signal));
    const chunks: Buffer[] = [];
    for await (const chunk of response.body as Readable) chunks.push(chunk as Buffer);
    const boundary = parseMediaType(response.headers['content-type'])!.params.boundary!;
    const parts = parseMultipart(Buffer.concat(chunks), boundary);
    expect(parts).toHaveLength(SLICES);
    parts.forEach((part, i) => {
      expect(part.headers['content-location']).toBe(
        `http://gateway/dicomweb/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.${i + 1}/rendered`,
      );
      // VOI LINEAR (PS3.3 C.11.2.1.2.1), window 70/140: slice n is ((n − 69.5) / 139 + 0.5) · 255, at most 255.
      const grey = PNG.sync.read(Buffer.from(part.body)).data[0]!;
      expect(Math.abs(grey - Math.min(255, ((i + 1 - 69.5) / 139 + 0.5) * 255))).toBeLessThanOrEqual(1);
    });
    expect(counts.asked).toBe(SLICES);
    expect(counts.mostRunning).toBeLessThanOrEqual(4);
  });

  it('stops asking for frames when the client goes away', async () => {
    const { counts, retriever } = countingBackend();
    const controller = new AbortController();
    const response = await retriever(request, context(controller.signal));
    const body = response.body as Readable;
    await new Promise((resolve) => body.once('data', resolve));
    // What the route does when the connection closes: abort the request's signal; the response destroys the body.
    controller.abort();
    body.destroy();
    const atClose = counts.asked;
    await sleep(100);
    expect(counts.asked).toBeLessThanOrEqual(atClose + 4);
    expect(counts.asked).toBeLessThan(SLICES / 4);
  });
});
