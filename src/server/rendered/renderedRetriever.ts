import type { BackendResponse, RequestContext } from '../dicomweb/backend';
import type { RenderedRequest, RetrieveRequest } from '../dicomweb/request';
import { entityTag, notModified } from '../archive/wado/cacheHeaders';
import { multipartBody, type OutgoingPart } from '../archive/wado/multipartBody';
import { HttpError } from '../errors';
import { renderedType } from './encodeImage';
import { orderedMap, type Outcome } from './orderedMap';
import { renderedQuery } from './renderedQueryString';
import { renderedPlan, thumbnailPlan } from './renderedParts';
import { frameCount, renderPicture, type Picture, type RenderSource } from './renderPicture';

export function isRenderedRequest(request: RetrieveRequest): request is RenderedRequest {
  return request.kind === 'rendered' || request.kind === 'thumbnail';
}

type RenderedRetriever = (request: RenderedRequest, context: RequestContext) => Promise<BackendResponse>;

/** Pictures made before they were asked for (archive/openingPictures.ts), by their answer's entity tag. */
interface MadeAhead {
  get(etag: string): Promise<Buffer | undefined>;
}

/** Study and series pictures follow what is stored, so they are checked again after a while (cheaply: ETag). */
const CACHE_CONTROL = 'private, max-age=300';
/**
 * Images of a multipart answer in the making at once: enough to overlap fetching the next frames
 * with encoding this one, few enough that a 140-slice series never holds more than this many.
 */
const CONCURRENCY = 4;

/**
 * Rendered and thumbnail resources (PS3.18 10.4.1.1.4, 10.4.1.1.5) made from a backend's own
 * metadata and frames, so the archive and a proxied PACS without them answer alike. Each answer
 * has a strong ETag over what shapes its pictures: which frames of which instances, the version
 * of their metadata, the query's options and the media type.
 */
export function createRenderedRetriever(source: RenderSource, madeAhead?: MadeAhead): RenderedRetriever {
  return async (request, context) => {
    const type = renderedType(context.accept);
    // The backend answers in its own representations; the client's Accept and validators are for the
    // picture. No URL of the backend's answers reaches a picture, so none names the client's host:
    // the entity tag (made of the metadata's) is then the same however the gateway is reached,
    // and a picture made ahead (madeAhead) serves every client.
    const inner = { ...context, ifNoneMatch: undefined, publicBase: '' };
    const plan =
      request.kind === 'thumbnail'
        ? await thumbnailPlan(source, request, inner)
        : await renderedPlan(source, request, inner);
    const query = renderedQuery(request.options);
    const etag = entityTag(
      request.kind,
      type,
      query,
      plan.multipart ? 'multipart' : 'single',
      ...plan.versions,
      ...plan.pictures.map((picture) => `${picture.instance}/${picture.frame}`),
    );
    const cached = notModified(context.ifNoneMatch, etag, CACHE_CONTROL);
    if (cached) return cached;
    const headers = { etag, 'cache-control': CACHE_CONTROL, vary: 'accept' };
    const render = (picture: Picture) => {
      inner.signal.throwIfAborted();
      return renderPicture(source, picture, request, type, inner);
    };
    if (!plan.multipart) {
      // Only pictures at the file's own window and default quality are ever made ahead.
      const mayBeMade = request.kind === 'rendered' && !request.options.window && request.options.quality === undefined;
      const body = (mayBeMade ? await madeAhead?.get(etag) : undefined) ?? (await render(plan.pictures[0]!));
      return { status: 200, headers: { ...headers, 'content-type': type }, body };
    }

    const rendered = orderedMap(plan.pictures, CONCURRENCY, async (picture) => ({
      picture,
      body: await render(picture),
    }));
    // The first image is made before the status line, so an answer where no image renders is an error, not an empty 200.
    const first = await firstRendered(rendered);
    const part = ({ picture, body }: { picture: Picture; body: Buffer }): OutgoingPart => ({
      headers: { 'Content-Type': type, 'Content-Location': partLocation(context.publicBase, picture, query) },
      body,
    });
    async function* parts(): AsyncGenerator<OutgoingPart> {
      try {
        yield part(first);
        for await (const outcome of rendered) {
          if (outcome.ok) yield part(outcome.value);
          else if (!cannotRender(outcome.error)) throw outcome.error;
        }
      } finally {
        await rendered.return(undefined);
      }
    }
    const boundary = `secondread-${etag.slice(1, -1)}`;
    return {
      status: 200,
      headers: { ...headers, 'content-type': `multipart/related; type="${type}"; boundary=${boundary}` },
      body: multipartBody(boundary).stream(parts()),
    };
  };
}

/**
 * The first image that renders. Images that cannot be rendered (406: an unsupported syntax or
 * palette) are left out of a multipart answer; when none renders, the first such refusal is the answer.
 */
async function firstRendered<R>(outcomes: AsyncGenerator<Outcome<R>>): Promise<R> {
  let refusal: unknown;
  try {
    // next() rather than for-await, which would close the generator on leaving the loop.
    for (let step = await outcomes.next(); !step.done; step = await outcomes.next()) {
      const outcome = step.value;
      if (outcome.ok) return outcome.value;
      if (!cannotRender(outcome.error)) throw outcome.error;
      refusal ??= outcome.error;
    }
  } catch (error) {
    await outcomes.return(undefined);
    throw error;
  }
  throw refusal;
}

function cannotRender(error: unknown): boolean {
  return error instanceof HttpError && error.status === 406;
}

/** Where the part's image is on its own: its frame's rendered resource for a multi-frame instance, else the instance's. */
function partLocation(publicBase: string, picture: Picture, query: string): string {
  const { study, series, instance, frame, dataset } = picture;
  const frames = frameCount(dataset) > 1 ? `/frames/${frame}` : '';
  return `${publicBase}/studies/${study}/series/${series}/instances/${instance}${frames}/rendered${query ? `?${query}` : ''}`;
}
