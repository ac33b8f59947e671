import type { DicomJsonDataset } from '../../dicom/json';
import type { FramesRequest, UpstreamFrames } from './frameTranscoder';
import { readLimited, type createUpstream } from './upstream';
import { upstreamInvalidAnswer, upstreamStatusError } from './upstreamErrors';
import { retrievePath } from './upstreamPaths';

/** One frame is read whole to be encoded; a frame past this (a 4k² 16-bit colour frame is 96 MiB) is not what we asked for. */
const MAX_FRAME_BYTES = 256 * 1024 ** 2;
const MAX_JSON_BYTES = 64 * 1024 ** 2;

/** The transcoder's view of the upstream: whole frame answers and one instance's metadata. */
export function upstreamFrames(upstream: ReturnType<typeof createUpstream>): UpstreamFrames {
  return {
    async frame(request, accept, signal) {
      const response = await upstream.send({
        method: 'GET',
        path: retrievePath(request),
        query: '',
        headers: { accept },
        signal,
      });
      const header = (name: string) => {
        const value = response.headers[name];
        return typeof value === 'string' ? value : undefined;
      };
      if (response.status < 200 || response.status >= 300) {
        response.body.resume();
        return { status: response.status, contentType: undefined, etag: undefined, body: Buffer.alloc(0) };
      }
      const body = await readLimited(response.body, MAX_FRAME_BYTES);
      return { status: response.status, contentType: header('content-type'), etag: header('etag'), body };
    },

    async instance(request: FramesRequest, signal) {
      const { study, series, instance } = request;
      const response = await upstream.send({
        method: 'GET',
        path: retrievePath({ kind: 'metadata', study, series, instance }),
        query: '',
        headers: { accept: 'application/dicom+json' },
        signal,
      });
      if (response.status !== 200) {
        response.body.resume();
        throw upstreamStatusError(response.status);
      }
      const body = await readLimited(response.body, MAX_JSON_BYTES);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw upstreamInvalidAnswer('the metadata is not JSON');
      }
      const [dataset] = Array.isArray(parsed) ? (parsed as unknown[]) : [];
      if (dataset === null || typeof dataset !== 'object' || Array.isArray(dataset)) {
        throw upstreamInvalidAnswer('the instance metadata holds no data set');
      }
      return dataset as DicomJsonDataset;
    },
  };
}
