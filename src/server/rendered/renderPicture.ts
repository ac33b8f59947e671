import { createHash } from 'node:crypto';
import { firstNumber, firstString, type DicomJsonDataset } from '../../dicom/json';
import { MultipartError, parseMediaType, parseMultipart } from '../../dicomweb/multipart';
import type { BackendResponse, RequestContext } from '../dicomweb/backend';
import type { RenderedRequest, RetrieveRequest } from '../dicomweb/request';
import { badRequest, HttpError } from '../errors';
import { decodeFrame } from './decodeFrame';
import { encodeImage, fitViewport, type RenderedType } from './encodeImage';
import { frameDataset, pixelAttributes, renderPixels } from './renderPixels';
import type { Search } from './representative';

/** What rendering reads from a backend: its searches, metadata and frames, after the guard has passed the request. */
export interface RenderSource {
  search: Search;
  retrieve(request: Exclude<RetrieveRequest, RenderedRequest>, context: RequestContext): Promise<BackendResponse>;
}

/** One frame of one instance, with the instance's metadata, as one rendered image shows it. */
export interface Picture {
  study: string;
  series: string;
  instance: string;
  frame: number;
  dataset: DicomJsonDataset;
}

/** Metadata as the backend stores it now, and a version that changes whenever it does. */
interface StoredMetadata {
  datasets: DicomJsonDataset[];
  version: string;
}

/** Thumbnails without a viewport: the size the viewer's series panel shows. */
const THUMBNAIL_SIZE = 128;
/** One series' metadata, or one frame, well past any real one; a larger answer is not what was asked. */
const MAX_BODY_BYTES = 1024 ** 3;
const UNCOMPRESSED = '1.2.840.10008.1.2.1';
const NUMBER_OF_FRAMES = '00280008';

export function frameCount(dataset: DicomJsonDataset): number {
  return firstNumber(dataset, NUMBER_OF_FRAMES) ?? 1;
}

/** PS3.18 9.5.2: a frame number past the instance's frames is a 400. */
export function checkFrame(dataset: DicomJsonDataset, frame: number): void {
  const count = frameCount(dataset);
  if (frame > count) throw badRequest(`Frame ${frame} does not exist: the instance has ${count} frame(s)`);
}

/**
 * The metadata of an instance or a series. Its version is the backend's ETag (the archive's names
 * each file's size and time) or else a digest of the metadata itself (a proxied PACS's).
 */
export async function storedMetadata(
  source: RenderSource,
  target: { study: string; series: string; instance?: string },
  context: RequestContext,
): Promise<StoredMetadata> {
  const response = await source.retrieve(
    { kind: 'metadata', ...target },
    { ...context, accept: 'application/dicom+json' },
  );
  const bytes = await bodyBytes(response);
  const version = response.headers.etag ?? createHash('sha256').update(bytes).digest('base64url');
  return { datasets: JSON.parse(bytes.toString('utf8')) as DicomJsonDataset[], version };
}

/** One picture, encoded: its frame fetched from the backend, decoded, windowed, fitted and encoded. */
export async function renderPicture(
  source: RenderSource,
  picture: Picture,
  request: Pick<RenderedRequest, 'kind' | 'options'>,
  type: RenderedType,
  context: RequestContext,
): Promise<Buffer> {
  const { study, series, instance, frame, dataset } = picture;
  const answer = await source.retrieve(
    { kind: 'frames', study, series, instance, frames: [frame] },
    { ...context, accept: undefined },
  );
  const { bytes, transferSyntax } = framePayload(answer, await bodyBytes(answer), dataset);
  context.signal.throwIfAborted();
  const shown = frameDataset(dataset, frame);
  const decoded = await decodeFrame(bytes, transferSyntax, pixelAttributes(shown));
  const viewport =
    request.options.viewport ??
    (request.kind === 'thumbnail' ? { width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE } : undefined);
  const image = fitViewport(renderPixels(decoded, shown, request.options), viewport);
  return encodeImage(image, type, request.options.quality);
}

async function bodyBytes(response: BackendResponse): Promise<Buffer> {
  const { body } = response;
  if (body === undefined) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw new HttpError(502, 'UPSTREAM_INVALID', 'An answer is larger than any image the gateway renders');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The frame's bytes and transfer syntax: from the (part's) Content-Type, else native when octet-stream, else the file's. */
function framePayload(response: BackendResponse, body: Buffer, dataset: DicomJsonDataset) {
  const outer = parseMediaType(response.headers['content-type']);
  let bytes: Uint8Array = body;
  let media = outer;
  if (outer?.type === 'multipart/related') {
    let parts;
    try {
      parts = parseMultipart(body, outer.params.boundary ?? '');
    } catch (error) {
      if (error instanceof MultipartError) throw new HttpError(502, 'UPSTREAM_INVALID', error.message);
      throw error;
    }
    const part = parts[0];
    if (part === undefined) throw new HttpError(502, 'UPSTREAM_INVALID', 'The frame answer holds no part');
    bytes = part.body;
    media = parseMediaType(part.headers['content-type']) ?? { type: outer.params.type ?? '', params: outer.params };
  }
  const transferSyntax =
    media?.params['transfer-syntax'] ??
    (media?.type === 'application/octet-stream' ? UNCOMPRESSED : firstString(dataset, '00020010')) ??
    UNCOMPRESSED;
  return { bytes, transferSyntax };
}
