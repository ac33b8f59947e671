import { Agent, request } from 'node:http';
import { percentile } from './stats';
import type { BenchStudy } from './studies';

export interface FramePath {
  key: 'orthanc-direct' | 'gateway-proxy' | 'gateway-archive';
  /** DICOMweb root, e.g. http://127.0.0.1:1234/dicomweb */
  root: string;
  headers: Record<string, string>;
}

export interface ThroughputPass {
  path: FramePath['key'];
  framesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  bytes: number;
  failures: number;
}

// Frames as stored: the proxy then passes bytes through rather than transcoding (the viewer asks the same way).
const FRAME_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';

async function instanceUids(path: FramePath, study: BenchStudy): Promise<string[]> {
  const url = `${path.root}/studies/${study.studyInstanceUID}/series/${study.seriesInstanceUID}/instances?includefield=00080018`;
  const response = await fetch(url, { headers: { ...path.headers, accept: 'application/dicom+json' } });
  const body: unknown = await response.json();
  if (!Array.isArray(body)) throw new Error(`${url}: HTTP ${response.status}, no instance list`);
  return body.flatMap((item: unknown) => {
    const value: unknown =
      typeof item === 'object' && item !== null
        ? (item as Record<string, { Value?: unknown[] }>)['00080018']?.Value?.[0]
        : undefined;
    return typeof value === 'string' ? [value] : [];
  });
}

/**
 * GET with node:http on a keep-alive agent. Not fetch(): undici's requests to Orthanc 1.10's
 * civetweb wait ~40 ms each (curl and node:http take ~3 ms for the same frame), which would make
 * "direct" look slower than the gateway, whose proxy uses node:http itself.
 */
function get(url: string, headers: Record<string, string>, agent: Agent): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { headers, agent }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.byteLength));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/**
 * Fetches frame 1 of every instance of the series through one path, `concurrency` at a time
 * (a browser's six connections per host), reading each body to the end. Latency is request
 * start to last byte, as a viewer waits for it.
 */
async function fetchAllFrames(path: FramePath, study: BenchStudy, concurrency: number): Promise<ThroughputPass> {
  const uids = await instanceUids(path, study);
  if (uids.length !== study.images)
    throw new Error(`${path.key} lists ${uids.length} instances of ${study.key}, expected ${study.images}`);
  const latencies: number[] = [];
  let bytes = 0;
  let failures = 0;
  let next = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const started = performance.now();
  const worker = async () => {
    while (next < uids.length) {
      const uid = uids[next++]!;
      const url = `${path.root}/studies/${study.studyInstanceUID}/series/${study.seriesInstanceUID}/instances/${uid}/frames/1`;
      const begin = performance.now();
      const response = await get(url, { ...path.headers, accept: FRAME_ACCEPT }, agent);
      latencies.push(performance.now() - begin);
      bytes += response.bytes;
      if (response.status !== 200) failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker)).finally(() => agent.destroy());
  const seconds = (performance.now() - started) / 1000;
  return {
    path: path.key,
    framesPerSecond: uids.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    bytes,
    failures,
  };
}

/** Passes over the paths in turn (A B C A B C …), so drift in machine load hits each alike. */
export async function measureGateway(
  paths: readonly FramePath[],
  study: BenchStudy,
  passes: number,
  concurrency: number,
): Promise<ThroughputPass[]> {
  for (const path of paths) await fetchAllFrames(path, study, concurrency);
  const results: ThroughputPass[] = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const path of paths) results.push(await fetchAllFrames(path, study, concurrency));
  }
  return results;
}
