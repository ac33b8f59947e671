import { HTJ2K_LOSSLESS_RPCL } from '../../../dicom/pixel/transferSyntax';
import { badRequest, notAcceptable } from '../../errors';
import type { BackendResponse, RequestContext } from '../../dicomweb/backend';
import type { RetrieveRequest } from '../../dicomweb/request';
import { renditionFormat, type Htj2kRenditions } from '../htj2k/htj2kRenditions';
import type { InstanceIndex, StoredInstance } from '../types';
import { describeOffers, selectRepresentation, type Offer, type Packaging } from './accept';
import { entityTag, IMMUTABLE, notModified } from './cacheHeaders';
import { findInstances, instanceUrl } from './findInstances';
import { checkFrame, readFrame } from './frameReader';
import { formatMultipart } from '../../../dicomweb/multipart';
import { multipartBody, type OutgoingPart } from './multipartBody';
import type { LoadedPixels, PixelLoader } from './pixelLoader';
import { frameOffers, needsDecoding, payloadType, responseType } from './representation';

/** The HTJ2K rendition: only for clients that name its transfer syntax, so others get what they got before. */
const HTJ2K_OFFER: Offer = { mediaType: 'image/jphc', transferSyntax: HTJ2K_LOSSLESS_RPCL, isDefault: false };

type FramesRequest = Extract<RetrieveRequest, { kind: 'frames' }>;

/** WADO-RS Retrieve Frames (PS3.18 10.4.1.1.3): one part per requested frame, in request order. */
export async function retrieveFrames(
  index: InstanceIndex,
  loadPixels: PixelLoader,
  request: FramesRequest,
  context: RequestContext,
  htj2k?: Htj2kRenditions,
): Promise<BackendResponse> {
  const [instance] = findInstances(index, request.study, request.series, request.instance);
  if (new Set(request.frames).size !== request.frames.length) throw badRequest('The frame list repeats a frame number');
  return serveFrames(instance!, await loadPixels(instance!), request.frames, context, htj2k);
}

/**
 * Answers with the given frames of a loaded instance; closes the loaded source once the answer
 * is complete. Also serves encapsulated Pixel Data requested as bulk data (all frames). With
 * `htj2k`, frames that have a rendition are also offered as HTJ2K. One frame is answered as one
 * buffer, multipart or not, with a boundary derived from its ETag: the same bytes every time, so
 * a client can ask for byte ranges of it (progressive loading); several frames stream.
 */
export async function serveFrames(
  instance: StoredInstance,
  loaded: LoadedPixels,
  frames: number[],
  context: RequestContext,
  htj2k?: Htj2kRenditions,
): Promise<BackendResponse> {
  const { layout, source, identity } = loaded;
  let streaming = false;
  try {
    const offers = [
      ...frameOffers(layout.transferSyntax),
      ...(htj2k !== undefined && renditionFormat(layout) !== undefined ? [HTJ2K_OFFER] : []),
    ];
    const packagings: Packaging[] = frames.length === 1 ? ['multipart', 'single'] : ['multipart'];
    const selection = selectRepresentation(context.accept, offers, packagings);
    if (selection === undefined) {
      const { name, uid } = layout.transferSyntax;
      throw notAcceptable(
        `The frames are stored as ${name} (${uid}); acceptable: ${describeOffers(offers, packagings)}`,
      );
    }
    for (const frame of frames) checkFrame(layout, frame);

    const { offer, packaging } = selection;
    const etag = entityTag(
      'frames',
      instance.sopInstanceUID,
      identity.size,
      identity.mtimeMs,
      frames.join(','),
      packaging,
      payloadType(offer),
    );
    const cached = notModified(context.ifNoneMatch, etag, IMMUTABLE);
    if (cached) return cached;

    const decode = needsDecoding(layout.transferSyntax, offer);
    const read = (frame: number) =>
      offer === HTJ2K_OFFER
        ? htj2k!.frame(instance, loaded, frame, context.signal)
        : readFrame(layout, frame, source, decode);
    const headers = { etag, 'cache-control': IMMUTABLE, vary: 'accept' };
    if (packaging === 'single') {
      const body = Buffer.from(await read(frames[0]!));
      return { status: 200, headers: { ...headers, 'content-type': payloadType(offer) }, body };
    }
    const url = instanceUrl(context.publicBase, instance);
    const part = (frame: number, body: Uint8Array) => ({
      headers: {
        'Content-Type': payloadType(offer),
        'Content-Length': String(body.length),
        'Content-Location': `${url}/frames/${frame}`,
      },
      body,
    });
    if (frames.length === 1) {
      const boundary = `secondread-${etag.slice(1, -1)}`;
      const body = Buffer.from(formatMultipart(boundary, [part(frames[0]!, await read(frames[0]!))]));
      return { status: 200, headers: { ...headers, 'content-type': responseType(selection, boundary) }, body };
    }
    async function* parts(): AsyncGenerator<OutgoingPart> {
      for (const frame of frames) yield part(frame, await read(frame));
    }
    const multipart = multipartBody();
    streaming = true;
    return {
      status: 200,
      headers: { ...headers, 'content-type': responseType(selection, multipart.boundary) },
      body: multipart.stream(parts(), () => source.close()),
    };
  } finally {
    if (!streaming) await source.close();
  }
}
