import type { IncomingHttpHeaders } from 'node:http';
import type { DicomJsonDataset } from '../../dicom/json';
import { parseMediaType } from '../../dicomweb/multipart';
import type { BackendResponse, DicomwebBackend, RequestContext } from '../dicomweb/backend';
import type { RenderedRequest, RetrieveRequest } from '../dicomweb/request';
import { renderedType } from '../rendered/encodeImage';
import { renderedQuery } from '../rendered/renderedQueryString';
import { createRenderedRetriever, isRenderedRequest } from '../rendered/renderedRetriever';
import { notAcceptable, unsupportedMediaType } from '../errors';
import type { Htj2kEncoder } from '../htj2k/encoder';
import { createFrameTranscoder } from './frameTranscoder';
import { listOmittedPixelData } from './listPixelData';
import { createUrlMapper, InvalidDicomJson, rewriteDataset, rewriteDatasets } from './rewriteUrls';
import { createUpstream, readLimited, type UpstreamOptions, type UpstreamResponse } from './upstream';
import { upstreamInvalidAnswer, upstreamStatusError } from './upstreamErrors';
import { retrievePath, searchPath, searchQuery, storePath } from './upstreamPaths';
import type { TranscodeCache } from './transcodeCache';
import { upstreamFrames } from './upstreamFrames';

export interface ProxyBackendOptions extends UpstreamOptions {
  /**
   * Lossless HTJ2K frames for clients that ask for them (issue 13); without it frames pass through
   * as the upstream sends them. The backend closes the encoder when it closes.
   */
  transcode?: { encoder: Htj2kEncoder; cache: TranscodeCache };
}

const DICOM_JSON = 'application/dicom+json';
/** Metadata of even a large study is tens of MB; past this the upstream is not answering what we asked. */
const MAX_JSON_BYTES = 256 * 1024 ** 2;
const READY_CACHE_MS = 5_000;
/** Upstream answers to a rendered or thumbnail request that mean "not provided here": the gateway renders instead. */
const NOT_PROVIDED = new Set([400, 404, 405, 406, 415, 501]);
/**
 * Response headers worth passing on from a streamed body. An allow-list, so hop-by-hop headers,
 * cookies and anything naming the upstream (Content-Location, Warning agents) stay behind.
 */
const STREAMED_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'etag',
  'last-modified',
  'cache-control',
  'expires',
];
/** A rewritten body differs from the upstream's, so its length and validators no longer apply. */
const REWRITTEN_HEADERS = ['last-modified', 'cache-control', 'expires'];

/**
 * The DICOMweb backend for an upstream server (Orthanc, dcm4chee, a cloud store). The gateway's
 * credentials are added here and never reach the browser; URLs in JSON answers are rewritten to
 * the gateway; pixel data and instances stream through without being buffered.
 */
export function createProxyBackend(options: ProxyBackendOptions): DicomwebBackend {
  const upstream = createUpstream(options);
  const mapperFor = (context: RequestContext) => createUrlMapper(upstream.base, context.publicBase);
  const transcoder =
    options.transcode &&
    createFrameTranscoder(upstreamFrames(upstream), options.transcode.encoder, options.transcode.cache);
  let readiness: { at: number; ready: Promise<boolean> } | undefined;

  const probe = async () => {
    try {
      const response = await upstream.send({
        method: 'GET',
        path: '/studies',
        query: 'limit=1',
        headers: { accept: DICOM_JSON },
        signal: AbortSignal.timeout(READY_CACHE_MS),
      });
      response.body.resume();
      return response.status === 200 || response.status === 204;
    } catch {
      return false;
    }
  };

  const metadata = async (request: RetrieveRequest, context: RequestContext): Promise<BackendResponse> => {
    // The URLs inside must be rewritten, which the gateway can do for JSON only.
    if (!acceptsDicomJson(context.accept)) throw notAcceptable('Metadata is available as application/dicom+json');
    const response = await upstream.send({
      method: 'GET',
      path: retrievePath(request),
      query: '',
      headers: { accept: DICOM_JSON },
      signal: context.signal,
    });
    ensureOk(response);
    const body = await readLimited(response.body, MAX_JSON_BYTES);
    const datasets = rewritten(() => rewriteDatasets(parseJson(body), mapperFor(context)));
    return jsonResponse(response, listOmittedPixelData(datasets, context.publicBase));
  };

  // Rendered in the gateway, from this backend's own searches and frames, where the upstream has no such resource.
  const renderHere = createRenderedRetriever({
    search: (request, context) => backend.search(request, context),
    retrieve: (request, context) => backend.retrieve(request, context),
  });
  const rendered = async (request: RenderedRequest, context: RequestContext): Promise<BackendResponse> => {
    if (!upstreamAnswersAlike(request)) return renderHere(request, context);
    const response = await upstream.send({
      method: 'GET',
      path: retrievePath(request),
      query: renderedQuery(request.options),
      headers: { accept: renderedType(context.accept) },
      signal: context.signal,
    });
    // Orthanc's DICOMweb plugin renders every level but has thumbnails only from 1.21 (2025).
    if (NOT_PROVIDED.has(response.status)) {
      response.body.resume();
      return renderHere(request, context);
    }
    ensureOk(response);
    return { status: response.status, headers: pick(response.headers, STREAMED_HEADERS), body: response.body };
  };

  const backend: DicomwebBackend = {
    name: 'proxy',

    async search(request, context) {
      const response = await upstream.send({
        method: 'GET',
        path: searchPath(request),
        query: searchQuery(request),
        headers: { accept: DICOM_JSON },
        signal: context.signal,
      });
      ensureOk(response);
      const body = await readLimited(response.body, MAX_JSON_BYTES);
      // PS3.18 8.3.4.4: no match may be answered 204 No Content.
      const datasets =
        response.status === 204 || body.length === 0
          ? []
          : rewritten(() => rewriteDatasets(parseJson(body), mapperFor(context)));
      return { datasets, warnings: warningTexts(response.headers.warning) };
    },

    async retrieve(request, context) {
      if (isRenderedRequest(request)) return rendered(request, context);
      if (request.kind === 'metadata') return metadata(request, context);
      if (request.kind === 'frames' && transcoder) {
        const transcoded = await transcoder.retrieve(request, context);
        if (transcoded) return transcoded;
      }
      const headers: Record<string, string> = {};
      if (context.accept !== undefined) headers.accept = context.accept;
      // Streamed bodies are the upstream's bytes, so its validators hold and revalidation can go through.
      if (context.ifNoneMatch !== undefined) headers['if-none-match'] = context.ifNoneMatch;
      const response = await upstream.send({
        method: 'GET',
        path: retrievePath(request),
        query: '',
        headers,
        signal: context.signal,
      });
      if (response.status === 304) {
        response.body.resume();
        return {
          status: 304,
          headers: pick(response.headers, ['etag', 'cache-control', 'expires', 'last-modified']),
          body: undefined,
        };
      }
      ensureOk(response);
      return { status: response.status, headers: pick(response.headers, STREAMED_HEADERS), body: response.body };
    },

    async store(request, input, context) {
      if (parseMediaType(input.contentType)?.type !== 'multipart/related' || input.contentType === undefined) {
        throw unsupportedMediaType('STOW-RS takes a multipart/related body (PS3.18 10.5)');
      }
      const response = await upstream.send({
        method: 'POST',
        path: storePath(request),
        query: '',
        headers: { 'content-type': input.contentType, accept: DICOM_JSON },
        body: input.body,
        signal: context.signal,
      });
      // 409 and 202 carry the per-instance failure reasons (PS3.18 10.5.3), so they are answers, not errors.
      if (response.status !== 409) ensureOk(response);
      const body = await readLimited(response.body, MAX_JSON_BYTES);
      if (body.length === 0) return { status: response.status, headers: {}, body: undefined };
      const dataset = rewritten(() => rewriteDataset(parseJson(body), mapperFor(context)));
      return jsonResponse(response, dataset);
    },

    ready() {
      const now = Date.now();
      if (readiness === undefined || now - readiness.at >= READY_CACHE_MS) readiness = { at: now, ready: probe() };
      return readiness.ready;
    },

    async close() {
      upstream.close();
      await options.transcode?.encoder.close();
    },
  };
  return backend;
}

/** Any status outside 2xx becomes the gateway's own error; the upstream's error body is discarded unread. */
function ensureOk(response: UpstreamResponse) {
  if (response.status >= 200 && response.status < 300) return;
  response.body.resume();
  throw upstreamStatusError(response.status);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw upstreamInvalidAnswer('the body is not JSON');
  }
}

function rewritten<T>(rewrite: () => T): T {
  try {
    return rewrite();
  } catch (error) {
    if (error instanceof InvalidDicomJson) throw upstreamInvalidAnswer(error.message);
    throw error;
  }
}

/**
 * Whether the upstream's own resource is the answer this gateway gives: a thumbnail (one picture at
 * every level) or one named frame. Orthanc answers a rendered study, series or multi-frame instance
 * with one image where PS3.18 asks for all of them, and knows nothing of a share's series.
 */
function upstreamAnswersAlike(request: RenderedRequest): boolean {
  if (request.onlySeries !== undefined) return false;
  return request.kind === 'thumbnail' || request.frames?.length === 1;
}

function jsonResponse(response: UpstreamResponse, value: DicomJsonDataset | DicomJsonDataset[]): BackendResponse {
  return {
    status: response.status,
    headers: { ...pick(response.headers, REWRITTEN_HEADERS), 'content-type': DICOM_JSON },
    body: JSON.stringify(value),
  };
}

function pick(headers: IncomingHttpHeaders, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/** The quoted texts of a Warning header (RFC 7234 5.5); the warn-agent would name the upstream host. */
function warningTexts(header: string | undefined): string[] {
  if (header === undefined) return [];
  return Array.from(header.matchAll(/"((?:[^"\\]|\\.)*)"/g), (match) => match[1]!.replace(/\\(.)/g, '$1'));
}

/** True when the Accept header admits DICOM JSON; no header means anything goes. */
function acceptsDicomJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const type = range.split(';')[0]!.trim().toLowerCase();
    return type === DICOM_JSON || type === 'application/json' || type === 'application/*' || type === '*/*';
  });
}
