import { describe, expect, it } from 'vitest';
import { DicomwebClient } from '../dicomweb/client';
import { listSeries, seriesMetadata, warmUp } from './studyRequests';

const STUDY = '1.2.3';
const seriesAnswer = [
  {
    '0020000E': { vr: 'UI', Value: ['1.2.3.2'] },
    '00200011': { vr: 'IS', Value: [2] },
    '00080060': { vr: 'CS', Value: ['CT'] },
  },
  {
    '0020000E': { vr: 'UI', Value: ['1.2.3.1'] },
    '00200011': { vr: 'IS', Value: [1] },
    '00080060': { vr: 'CS', Value: ['CT'] },
  },
];

/** A real client on a fetch that answers series searches with two series and metadata with one instance, recording every request. */
function recordingClient(failFirst = false) {
  const requests: string[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = new URL(input instanceof Request ? input.url : input, 'http://gateway');
    requests.push(url.pathname);
    if (failFirst && requests.length === 1)
      return new Response('{"error":"UPSTREAM","message":"down"}', { status: 502 });
    const body = url.pathname.endsWith('/series') ? seriesAnswer : [{ '00080018': { vr: 'UI', Value: ['1.2.3.1.1'] } }];
    return Response.json(body);
  };
  return { client: new DicomwebClient({ baseUrl: 'http://gateway/dicomweb', fetch }), requests };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('early viewer requests', () => {
  it('lists series in series-number order and fetches the first series metadata once', async () => {
    const { client, requests } = recordingClient();
    warmUp(client, [STUDY]);
    warmUp(client, [STUDY]); // StrictMode's second effect
    const entries = await listSeries(client, STUDY);
    expect(entries.map((entry) => entry.seriesNumber)).toEqual([1, 2]);
    await settled();
    const metadata = await seriesMetadata(client, STUDY, '1.2.3.1');
    expect(metadata).toHaveLength(1);
    expect(requests).toEqual(['/dicomweb/studies/1.2.3/series', '/dicomweb/studies/1.2.3/series/1.2.3.1/metadata']);
    // Another series was not asked early, so it is asked now.
    await seriesMetadata(client, STUDY, '1.2.3.2');
    expect(requests.at(-1)).toBe('/dicomweb/studies/1.2.3/series/1.2.3.2/metadata');
  });

  it('asks again when the early request failed, so the error is the viewer’s own', async () => {
    const { client, requests } = recordingClient(true);
    warmUp(client, ['1.2.4']);
    const entries = await listSeries(client, '1.2.4');
    expect(entries).toHaveLength(2);
    expect(requests.filter((path) => path.endsWith('/series'))).toHaveLength(2);
  });

  it('is not used by another client, and honours an abort that came while it ran', async () => {
    const first = recordingClient();
    warmUp(first.client, ['1.2.5']);
    const other = recordingClient();
    await listSeries(other.client, '1.2.5');
    expect(other.requests).toEqual(['/dicomweb/studies/1.2.5/series']);
    const abort = new AbortController();
    const answer = listSeries(first.client, '1.2.5', abort.signal);
    abort.abort();
    await expect(answer).rejects.toThrow();
  });
});
