import { createHash } from 'node:crypto';
import { firstNumber, firstString, type DicomJsonDataset } from '../../dicom/json';
import { EXPLICIT_VR_LITTLE_ENDIAN, HTJ2K_LOSSLESS_RPCL } from '../../dicom/pixel/transferSyntax';
import { formatMultipart, parseMediaType, parseMultipart } from '../../dicomweb/multipart';
import { selectRepresentation, type Offer, type Packaging } from '../archive/wado/accept';
import { notModified } from '../archive/wado/cacheHeaders';
import type { BackendResponse, RequestContext } from '../dicomweb/backend';
import type { RetrieveRequest } from '../dicomweb/request';
import { notAcceptable } from '../errors';
import { canEncodeLosslessly, type Htj2kEncoder, type RawFrame } from '../htj2k/encoder';
import type { TranscodeCache } from './transcodeCache';
import { upstreamInvalidAnswer, upstreamStatusError } from './upstreamErrors';

export type FramesRequest = Extract<RetrieveRequest, { kind: 'frames' }>;

/** One upstream answer, read whole (a single frame). */
interface UpstreamFrameAnswer {
  status: number;
  contentType: string | undefined;
  etag: string | undefined;
  body: Buffer;
}

/** What the transcoder asks of the upstream; the proxy backend supplies it with its credentials. */
export interface UpstreamFrames {
  frame(request: FramesRequest, accept: string, signal: AbortSignal): Promise<UpstreamFrameAnswer>;
  /** The instance's metadata (its one data set). */
  instance(request: FramesRequest, signal: AbortSignal): Promise<DicomJsonDataset>;
}

interface FrameTranscoder {
  /**
   * The HTJ2K answer for a single frame whose Accept names 1.2.840.10008.1.2.4.202, else undefined
   * and the proxy passes the request through as before.
   */
  retrieve(request: FramesRequest, context: RequestContext): Promise<BackendResponse | undefined>;
}

const HTJ2K_PAYLOAD = `image/jphc; transfer-syntax=${HTJ2K_LOSSLESS_RPCL}`;
const HTJ2K_OFFER: Offer = { mediaType: 'image/jphc', transferSyntax: HTJ2K_LOSSLESS_RPCL, isDefault: false };
/** The frame as stored upstream: it tells whether the pixels are native, and is the answer when they cannot be encoded. */
const AS_STORED = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
const AS_NATIVE = `multipart/related; type="application/octet-stream"; transfer-syntax=${EXPLICIT_VR_LITTLE_ENDIAN}`;
/** Native little endian pixel data: the bytes are RawFrame's samples as they are. */
const NATIVE_LITTLE_ENDIAN = new Set(['1.2.840.10008.1.2', EXPLICIT_VR_LITTLE_ENDIAN]);
/**
 * Lossless syntaxes the upstream may decode to native for us (Orthanc does for some): the decoded
 * frame is exactly the original, so encoding it again stays lossless. Lossy frames are never re-encoded.
 */
const LOSSLESS_COMPRESSED = new Set([
  '1.2.840.10008.1.2.5',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.90',
]);
/** Transcoded frames are revalidated (cheaply, by ETag): the gateway cannot know when the upstream's change. */
const CACHE_CONTROL = 'private, no-cache';

/**
 * Lossless HTJ2K frames in proxy mode (issue 13): a frame the upstream holds natively, or in a
 * lossless syntax it can decode, is fetched uncompressed, encoded by the HTJ2K pool and kept in
 * the transcode cache. Runs behind the guard like every backend call, so a cached frame is only
 * served to a caller the guard admitted for it.
 */
export function createFrameTranscoder(upstream: UpstreamFrames, encoder: Htj2kEncoder, cache: TranscodeCache) {
  /** The frame decoded by the upstream, or undefined when it cannot. */
  const decodedByUpstream = async (request: FramesRequest, signal: AbortSignal) => {
    const native = await upstream.frame(request, AS_NATIVE, signal);
    return isOk(native.status) ? singleFrame(native).body : undefined;
  };

  /** The encoded frame, or the upstream's answer as stored when it cannot be encoded losslessly. */
  const encodeFromUpstream = async (
    request: FramesRequest,
    signal: AbortSignal,
  ): Promise<{ stored: UpstreamFrameAnswer } | { encoded: Uint8Array }> => {
    const [stored, dataset] = await Promise.all([
      upstream.frame(request, AS_STORED, signal),
      upstream.instance(request, signal),
    ]);
    const layout = frameLayout(dataset);
    let pixels: Uint8Array | undefined;
    if (isOk(stored.status)) {
      if (layout === undefined) return { stored };
      const storedFrame = singleFrame(stored);
      const syntax = storedFrame.transferSyntax ?? '';
      if (NATIVE_LITTLE_ENDIAN.has(syntax)) pixels = storedFrame.body;
      else if (LOSSLESS_COMPRESSED.has(syntax)) pixels = await decodedByUpstream(request, signal);
      if (pixels === undefined) return { stored };
    } else {
      // Orthanc 1.10 cannot send RLE, JPEG-LS or JPEG lossless frames as stored (`transfer-syntax=*`
      // answers 500) but decodes them. Frames the data set declares lossy are never re-encoded.
      if (layout === undefined || firstString(dataset, '00282110') === '01') throw upstreamStatusError(stored.status);
      pixels = await decodedByUpstream(request, signal);
      if (pixels === undefined) throw upstreamStatusError(stored.status);
    }
    if (pixels.length < frameBytes(layout)) {
      if (isOk(stored.status)) return { stored };
      throw upstreamInvalidAnswer('the decoded frame is shorter than its rows and columns need');
    }
    return { encoded: await encoder.encode({ ...layout, pixels }, signal) };
  };

  return {
    async retrieve(request: FramesRequest, context: RequestContext): Promise<BackendResponse | undefined> {
      if (request.frames.length !== 1 || !context.accept?.includes(HTJ2K_LOSSLESS_RPCL)) return undefined;
      const packaging = selectRepresentation(context.accept, [HTJ2K_OFFER], ['single', 'multipart'])?.packaging;
      if (packaging === undefined) return undefined;
      const key = `${request.study}/${request.series}/${request.instance}/${request.frames[0]}`;
      const cached = await cache.get(key);
      if (cached !== undefined) return htj2kAnswer(cached, packaging, context);

      const made = await encodeFromUpstream(request, context.signal);
      if ('stored' in made) return storedAnswer(made.stored, context);
      // The cache only saves work: a full disk must not cost the reader the image.
      await cache.put(key, made.encoded).catch(() => undefined);
      return htj2kAnswer(
        Buffer.from(made.encoded.buffer, made.encoded.byteOffset, made.encoded.byteLength),
        packaging,
        context,
      );
    },
  } satisfies FrameTranscoder;
}

/** The one frame of an upstream answer (multipart or single part), with its transfer syntax. */
function singleFrame(answer: UpstreamFrameAnswer): {
  body: Uint8Array;
  transferSyntax: string | undefined;
  mediaType: string;
} {
  const type = parseMediaType(answer.contentType);
  if (type === undefined) throw upstreamInvalidAnswer('the frame has no content type');
  if (type.type !== 'multipart/related') {
    return { body: answer.body, transferSyntax: type.params['transfer-syntax'], mediaType: type.type };
  }
  const boundary = type.params.boundary;
  if (boundary === undefined) throw upstreamInvalidAnswer('the multipart frame has no boundary');
  let parts;
  try {
    parts = parseMultipart(answer.body, boundary);
  } catch {
    throw upstreamInvalidAnswer('the multipart frame is malformed');
  }
  const [part] = parts;
  if (parts.length !== 1 || part === undefined) throw upstreamInvalidAnswer('expected one frame');
  const partType = parseMediaType(part.headers['content-type']);
  return {
    body: part.body,
    transferSyntax:
      partType?.params['transfer-syntax'] ??
      parseMediaType(type.params.type)?.params['transfer-syntax'] ??
      type.params['transfer-syntax'],
    // Orthanc puts the part's parameters inside `type` (type="image/jpeg; transfer-syntax=…").
    mediaType: partType?.type ?? parseMediaType(type.params.type)?.type ?? 'application/octet-stream',
  };
}

/**
 * The frame layout from the instance's Image Pixel module, when the encoder can take its samples
 * as they come: colour interleaved (planar configuration 0) and not chroma-subsampled.
 */
function frameLayout(dataset: DicomJsonDataset): Omit<RawFrame, 'pixels'> | undefined {
  const rows = firstNumber(dataset, '00280010');
  const columns = firstNumber(dataset, '00280011');
  const samplesPerPixel = firstNumber(dataset, '00280002') ?? 1;
  const bitsAllocated = firstNumber(dataset, '00280100');
  const bitsStored = firstNumber(dataset, '00280101') ?? bitsAllocated;
  const pixelRepresentation = firstNumber(dataset, '00280103') ?? 0;
  const photometric = firstString(dataset, '00280004') ?? '';
  if (rows === undefined || columns === undefined || bitsAllocated === undefined || bitsStored === undefined) return;
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) return;
  if (bitsAllocated !== 8 && bitsAllocated !== 16) return;
  if (pixelRepresentation !== 0 && pixelRepresentation !== 1) return;
  if (samplesPerPixel === 3 && ((firstNumber(dataset, '00280006') ?? 0) !== 0 || /_42[02]$/.test(photometric))) return;
  const layout = { rows, columns, samplesPerPixel, bitsAllocated, bitsStored, pixelRepresentation } as const;
  return canEncodeLosslessly(layout) ? layout : undefined;
}

/** The size of a frame's samples in bytes. */
function frameBytes({ rows, columns, samplesPerPixel, bitsAllocated }: Omit<RawFrame, 'pixels'>): number {
  return rows * columns * samplesPerPixel * (bitsAllocated / 8);
}

function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}

function htj2kAnswer(bytes: Buffer, packaging: Packaging, context: RequestContext): BackendResponse {
  const digest = createHash('sha256').update(bytes).digest('base64url').slice(0, 32);
  // Byte ranges need the same bytes on every request, so the boundary comes from the content too.
  const etag = `"htj2k-${packaging}-${digest}"`;
  const headers = { etag, 'cache-control': CACHE_CONTROL, vary: 'accept' };
  const unchanged = notModified(context.ifNoneMatch, etag, CACHE_CONTROL);
  if (unchanged) return unchanged;
  if (packaging === 'single')
    return { status: 200, headers: { ...headers, 'content-type': HTJ2K_PAYLOAD }, body: bytes };
  const boundary = `secondread-${digest}`;
  const body = formatMultipart(boundary, [{ headers: { 'Content-Type': HTJ2K_PAYLOAD }, body: bytes }]);
  return {
    status: 200,
    headers: {
      ...headers,
      'content-type': `multipart/related; type="image/jphc"; transfer-syntax=${HTJ2K_LOSSLESS_RPCL}; boundary=${boundary}`,
    },
    body: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
  };
}

/** The frame as the upstream stores it, when the client's Accept also allows that (else 406). */
function storedAnswer(stored: UpstreamFrameAnswer, context: RequestContext): BackendResponse {
  const frame = singleFrame(stored);
  const offer: Offer = { mediaType: frame.mediaType, transferSyntax: frame.transferSyntax, isDefault: true };
  if (selectRepresentation(context.accept, [offer], ['multipart']) === undefined) {
    throw notAcceptable(
      `This frame cannot be served as HTJ2K (it is stored as ${frame.transferSyntax ?? 'an unknown syntax'}); ` +
        'ask for multipart/related; type="application/octet-stream"; transfer-syntax=*',
    );
  }
  const headers: Record<string, string> = { 'content-type': stored.contentType ?? 'application/octet-stream' };
  if (stored.etag !== undefined) headers.etag = stored.etag;
  return { status: 200, headers, body: stored.body };
}
