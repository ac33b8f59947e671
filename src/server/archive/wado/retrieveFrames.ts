import { badRequest, notAcceptable } from '../../errors';
import type { BackendResponse, RequestContext } from '../../dicomweb/backend';
import type { RetrieveRequest } from '../../dicomweb/request';
import type { InstanceIndex, StoredInstance } from '../types';
import { describeOffers, selectRepresentation, type Packaging } from './accept';
import { entityTag, IMMUTABLE, notModified } from './cacheHeaders';
import { findInstances, instanceUrl } from './findInstances';
import { checkFrame, readFrame } from './frameReader';
import { multipartBody, type OutgoingPart } from './multipartBody';
import type { LoadedPixels, PixelLoader } from './pixelLoader';
import { frameOffers, needsDecoding, payloadType, responseType } from './representation';

type FramesRequest = Extract<RetrieveRequest, { kind: 'frames' }>;

/** WADO-RS Retrieve Frames (PS3.18 10.4.1.1.3): one part per requested frame, in request order. */
export async function retrieveFrames(
  index: InstanceIndex,
  loadPixels: PixelLoader,
  request: FramesRequest,
  context: RequestContext,
): Promise<BackendResponse> {
  const [instance] = findInstances(index, request.study, request.series, request.instance);
  if (new Set(request.frames).size !== request.frames.length) throw badRequest('The frame list repeats a frame number');
  return serveFrames(instance!, await loadPixels(instance!), request.frames, context);
}

/**
 * Answers with the given frames of a loaded instance; closes the loaded source once the answer
 * is complete. Also serves encapsulated Pixel Data requested as bulk data (all frames).
 */
export async function serveFrames(
  instance: StoredInstance,
  loaded: LoadedPixels,
  frames: number[],
  context: RequestContext,
): Promise<BackendResponse> {
  const { layout, source, identity } = loaded;
  let streaming = false;
  try {
    const offers = frameOffers(layout.transferSyntax);
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
    const headers = { etag, 'cache-control': IMMUTABLE, vary: 'accept' };
    if (packaging === 'single') {
      const body = Buffer.from(await readFrame(layout, frames[0]!, source, decode));
      return { status: 200, headers: { ...headers, 'content-type': payloadType(offer) }, body };
    }
    const url = instanceUrl(context.publicBase, instance);
    async function* parts(): AsyncGenerator<OutgoingPart> {
      for (const frame of frames) {
        const body = await readFrame(layout, frame, source, decode);
        yield {
          headers: {
            'Content-Type': payloadType(offer),
            'Content-Length': String(body.length),
            'Content-Location': `${url}/frames/${frame}`,
          },
          body,
        };
      }
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
