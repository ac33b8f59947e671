import { metaData, registerImageLoader, utilities, type Types } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import { HTJ2K_LOSSLESS_RPCL } from '../dicom/pixel/transferSyntax';
import { holdWhileLoading } from './metadata/metadataStore';

/**
 * Progressive frame retrieval (issue 13): a frame on screen is asked as lossless HTJ2K with RPCL
 * progression (1.2.840.10008.1.2.4.202, image/jphc, PS3.18 Table 8.7.3-5) in two byte ranges.
 * RPCL puts the lowest resolutions first, so the first range is painted as a preview and the
 * second completes the lossless image. Cornerstone's stack viewport runs the two stages
 * (ProgressiveRetrieveImages); this module configures them and guards their requests.
 */

/**
 * HTJ2K first; a server without it answers today's request (any syntax, multipart) from the same
 * Accept, so no extra round trip. The lower q keeps a server that offers both from picking that one.
 */
const FRAME_ACCEPT =
  `image/jphc; transfer-syntax=${HTJ2K_LOSSLESS_RPCL}, ` +
  'multipart/related; type="application/octet-stream"; transfer-syntax=*; q=0.5';
/** PS3.18 8.3.3.1's `accept` query parameter: the loader's own Accept header cannot be changed. */
const URL_ARGUMENTS = `accept=${encodeURIComponent(FRAME_ACCEPT)}`;
const MARKED_SUFFIX = `?${URL_ARGUMENTS}`;
const WADORS_SCHEME = 'wadors';
/** Above Cornerstone's imageRetrieveMetadataProvider (which has no entries of ours). */
const RETRIEVE_PROVIDER_PRIORITY = 20_000;
/** Implicit and explicit little endian, big endian, deflated: raw samples the gateway encodes. */
const UNCOMPRESSED_SYNTAXES = new Set([
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2.2',
  '1.2.840.10008.1.2.1.99',
]);
/**
 * The first range. For a 512² CT slice (~117 KB as lossless HTJ2K) 16 KB holds the resolutions up
 * to 128² and part of 256², which Cornerstone decodes at a reduced level (its choice follows the
 * share of bytes received).
 */
const PREVIEW_BYTES = 16 * 1024;
/** Answers that mean "not this representation": ask as today instead. */
const REFUSED = new Set([400, 406, 415]);

const RETRIEVE_CONFIGURATION: Types.IRetrieveConfiguration = {
  stages: [
    { id: 'preview', retrieveType: 'preview' },
    { id: 'final', retrieveType: 'final' },
  ],
  retrieveOptions: {
    // Both stages must use the same URL: the loader appends the second range to the first's bytes only then.
    preview: { urlArguments: URL_ARGUMENTS, rangeIndex: 0, initialChunkSize: PREVIEW_BYTES },
    final: { urlArguments: URL_ARGUMENTS, rangeIndex: -1 },
  },
};

/** A frame request the server refused; `status` is what describeLoadError reports. */
class FrameRequestError extends Error {
  override name = 'FrameRequestError';
  constructor(readonly status: number) {
    super(`The archive answered ${status} for this image`);
  }
}

let installed = false;
/** Set once a server refused HTJ2K: later frames are asked as today straight away. */
let htj2kRefused = false;

/**
 * Turns progressive retrieval on for every stack viewport. Called once, with the image loader's
 * header source (engine.ts `setRequestHeaders`).
 *
 * The byte-range requests are made by the loader's rangeRequest.js with the page's global fetch,
 * the Accept and Range headers only, and no status check: the loader's `beforeSend` headers (a
 * bearer token in direct mode) are not applied, and an error answer (a revoked share's 403, a
 * 404) would be decoded as pixels. The global fetch is the only seam it leaves, so requests
 * carrying this module's URL arguments (and only those) get the headers, a status check, and the
 * fallback. Gateway sessions (staff, share, patient) authenticate by a same-origin cookie, which
 * fetch sends by default.
 */
export function enableProgressiveFrames(headers: () => Record<string, string>): void {
  if (installed) return;
  installed = true;
  const pageFetch = globalThis.fetch.bind(globalThis);
  globalThis.fetch = (input, init) =>
    typeof input === 'string' && input.endsWith(MARKED_SUFFIX)
      ? fetchFrame(pageFetch, input, init, headers())
      : pageFetch(input, init);
  // Asked before Cornerstone's own retrieve-configuration provider: a frame that should not ask
  // for HTJ2K gets no stages, so it is loaded whole as today.
  metaData.addProvider(
    (type: string, imageId: unknown) =>
      type === utilities.imageRetrieveMetadataProvider.IMAGE_RETRIEVE_CONFIGURATION &&
      typeof imageId === 'string' &&
      asksForHtj2k(imageId)
        ? RETRIEVE_CONFIGURATION
        : undefined,
    RETRIEVE_PROVIDER_PRIORITY,
  );
  registerWholeFrameDefaults();
}

/**
 * Retrieve options for frames loaded whole, without the stages (the prefetch, the CPU path's
 * viewports): the same HTJ2K-first Accept, so the rest of the series travels compressed too.
 * Empty where the stages would ask as today: after a refusal, and for other origins (direct mode).
 */
function wholeFrameRetrieveOptions(imageId: string): { urlArguments?: string } {
  return asksForHtj2k(imageId) ? { urlArguments: URL_ARGUMENTS } : {};
}

/**
 * Whether a frame is asked for as HTJ2K: a plain WADO-RS frame of this origin (direct-mode servers
 * are asked as today; frames our own decoders prepare keep their stored syntax), greyscale, and
 * stored uncompressed where the metadata names its syntax (the gateway makes HTJ2K from raw
 * samples; a compressed frame would come back as stored, in two ranges for nothing). Colour frames
 * are left out: asked this way, colour files failed to decode in the fidelity suite ("Couldn't
 * decode"); not yet traced.
 */
function asksForHtj2k(imageId: string): boolean {
  if (htj2kRefused || !imageId.startsWith(`${WADORS_SCHEME}:`)) return false;
  if (!isSameOrigin(imageId.slice(WADORS_SCHEME.length + 1))) return false;
  const pixels = metaData.get('imagePixelModule', imageId) as { samplesPerPixel?: number } | undefined;
  if (pixels?.samplesPerPixel !== 1) return false;
  const syntax = (metaData.get('transferSyntax', imageId) as { transferSyntaxUID?: string } | undefined)
    ?.transferSyntaxUID;
  return syntax === undefined || UNCOMPRESSED_SYNTAXES.has(syntax);
}

/**
 * The transfer syntax a frame is expected to arrive in: HTJ2K where it is asked for so, else the
 * stored syntax its metadata names (undefined when unknown). The decoder warm-up reads it.
 */
export function expectedFrameSyntax(imageId: string): string | undefined {
  if (asksForHtj2k(imageId)) return HTJ2K_LOSSLESS_RPCL;
  return (metaData.get('transferSyntax', imageId) as { transferSyntaxUID?: string } | undefined)?.transferSyntaxUID;
}

/** The image loader's WADO-RS loader, given the whole-frame options wherever a caller named none. */
function registerWholeFrameDefaults(): void {
  // Its declared options type demands a byte range; getPixelData treats rangeIndex as optional.
  const loadWadors = dicomImageLoader.wadors.loadImage as (
    imageId: string,
    options: Record<string, unknown>,
  ) => Types.IImageLoadObject;
  // The stages' own options object goes through as it is: the loader keeps the first range's bytes
  // on it (streamingData), and the second range continues from them.
  registerImageLoader(WADORS_SCHEME, (imageId, options?: Record<string, unknown>) => {
    const load = loadWadors(
      imageId,
      options?.retrieveOptions ? options : { ...options, retrieveOptions: wholeFrameRetrieveOptions(imageId) },
    );
    holdWhileLoading(imageId, load.promise);
    return load;
  });
}

function isSameOrigin(url: string): boolean {
  return new URL(url, globalThis.location.href).origin === globalThis.location.origin;
}

async function fetchFrame(
  pageFetch: typeof fetch,
  url: string,
  init: RequestInit | undefined,
  auth: Record<string, string>,
): Promise<Response> {
  const headers = { ...(init?.headers as Record<string, string> | undefined), ...auth };
  // Direct-mode servers are not known to offer HTJ2K or to allow Range across origins: ask as today.
  if (isSameOrigin(url) && !htj2kRefused) {
    const response = await pageFetch(url, { ...init, headers });
    if (!REFUSED.has(response.status)) return checked(response);
    htj2kRefused = true;
    await response.body?.cancel();
  }
  // Without the range the answer is whole (200), which the loader takes as the full-quality image.
  const { Range: _range, ...whole } = headers;
  return checked(await pageFetch(url.slice(0, -MARKED_SUFFIX.length), { ...init, headers: whole }));
}

function checked(response: Response): Response {
  if (response.ok) return response;
  void response.body?.cancel();
  throw new FrameRequestError(response.status);
}
