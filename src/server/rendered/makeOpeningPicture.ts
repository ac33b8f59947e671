import { openingFrameOfSeries, openingPictureSuffix, previewable } from '../../dicom/openingImage';
import type { BackendResponse, RequestContext } from '../dicomweb/backend';
import { parseRenderOptions } from '../dicomweb/renderedQuery';
import type { RenderedRequest } from '../dicomweb/request';
import type { MadePicture } from '../archive/openingPictures';
import { storedMetadata, type RenderSource } from './renderPicture';

/** Long enough for any picture the renderer makes; a stuck one is given up rather than held forever. */
const MAKE_TIMEOUT_MS = 60_000;

type Render = (request: RenderedRequest, context: RequestContext) => Promise<BackendResponse>;

/**
 * The picture a viewer page names for a series (http/openingPicture.ts), made exactly as the page's
 * request will ask for it: the same frame, the same query and media type, so the same entity tag.
 */
export async function makeOpeningPicture(
  source: RenderSource,
  render: Render,
  study: string,
  series: string,
): Promise<MadePicture | undefined> {
  const context: RequestContext = { accept: undefined, publicBase: '', signal: AbortSignal.timeout(MAKE_TIMEOUT_MS) };
  const { datasets } = await storedMetadata(source, { study, series }, context);
  const frame = openingFrameOfSeries(datasets);
  if (!frame || !previewable(frame.instance)) return undefined;
  const query = new URLSearchParams(openingPictureSuffix(frame).split('?')[1]);
  const request: RenderedRequest = {
    kind: 'rendered',
    study,
    series,
    instance: frame.sopInstanceUID,
    frames: [frame.frameNumber],
    options: parseRenderOptions(query),
  };
  // The query's accept parameter stands for the Accept header, as the DICOMweb routes take it.
  const answer = await render(request, { ...context, accept: query.getAll('accept').join(', ') });
  const etag = answer.headers.etag;
  return etag !== undefined && Buffer.isBuffer(answer.body) ? { etag, body: answer.body } : undefined;
}
