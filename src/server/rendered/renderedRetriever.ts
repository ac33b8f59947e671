import { firstNumber, firstString, type DicomJsonDataset } from '../../dicom/json';
import { MultipartError, parseMediaType, parseMultipart } from '../../dicomweb/multipart';
import type { BackendResponse, RequestContext } from '../dicomweb/backend';
import type { RenderedRequest, RetrieveRequest } from '../dicomweb/request';
import { HttpError } from '../errors';
import { decodeFrame } from './decodeFrame';
import { encodeImage, fitViewport, renderedType } from './encodeImage';
import { frameDataset, pixelAttributes, renderPixels } from './renderPixels';
import { representative, type Search } from './representative';

/** What rendering reads from a backend: its searches, metadata and frames, after the guard has passed the request. */
interface RenderSource {
  search: Search;
  retrieve(request: Exclude<RetrieveRequest, RenderedRequest>, context: RequestContext): Promise<BackendResponse>;
}

export function isRenderedRequest(request: RetrieveRequest): request is RenderedRequest {
  return request.kind === 'rendered' || request.kind === 'thumbnail';
}

type RenderedRetriever = (request: RenderedRequest, context: RequestContext) => Promise<BackendResponse>;

/** Thumbnails without a viewport: the size the viewer's series panel shows. */
const THUMBNAIL_SIZE = 128;
/** One instance's metadata, or one frame, well past any real one; a larger answer is not what was asked. */
const MAX_BODY_BYTES = 1024 ** 3;
const UNCOMPRESSED = '1.2.840.10008.1.2.1';
const NUMBER_OF_FRAMES = '00280008';

/**
 * Rendered and thumbnail resources (PS3.18 10.4.1.1.4, 10.4.1.1.5) made from a backend's own
 * metadata and frames, so the archive and a proxied PACS without them answer alike. A multi-frame
 * instance's rendered image is its first frame, its thumbnail its middle frame.
 */
export function createRenderedRetriever(source: RenderSource): RenderedRetriever {
  return async (request, context) => {
    const type = renderedType(context.accept);
    const target = await representative(source.search, request, context);
    // The backend answers in its own representations; the client's Accept and validators are for the picture.
    const inner = { ...context, ifNoneMatch: undefined };
    const metadata = await source.retrieve(
      { kind: 'metadata', ...target },
      { ...inner, accept: 'application/dicom+json' },
    );
    const dataset = (JSON.parse((await bodyBytes(metadata)).toString('utf8')) as DicomJsonDataset[])[0];
    if (dataset === undefined) throw new HttpError(404, 'NOT_FOUND', 'Instance not found');
    const frameCount = firstNumber(dataset, NUMBER_OF_FRAMES) ?? 1;
    const frame = request.frame ?? (request.kind === 'thumbnail' ? Math.ceil(frameCount / 2) : 1);
    const answer = await source.retrieve(
      { kind: 'frames', ...target, frames: [frame] },
      { ...inner, accept: undefined },
    );
    const { bytes, transferSyntax } = framePayload(answer, await bodyBytes(answer), dataset);

    const shown = frameDataset(dataset, frame);
    const decoded = await decodeFrame(bytes, transferSyntax, pixelAttributes(shown));
    const viewport =
      request.options.viewport ??
      (request.kind === 'thumbnail' ? { width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE } : undefined);
    const image = fitViewport(renderPixels(decoded, shown, request.options), viewport);
    return {
      status: 200,
      headers: {
        'content-type': type,
        // Study and series pictures follow what is stored, so they are checked again after a while.
        'cache-control': 'private, max-age=300',
        vary: 'accept',
      },
      body: encodeImage(image, type, request.options.quality),
    };
  };
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
      throw new HttpError(502, 'UPSTREAM_INVALID', 'A frame is larger than any image the gateway renders');
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
