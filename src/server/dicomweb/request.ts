import { isUid } from '../../dicom/uid';
import { tagOf, type Tag } from '../../dicom/tags';
import { badRequest, methodNotAllowed, notFound } from '../errors';
import { parseRenderOptions, type RenderOptions } from './renderedQuery';
import { checkWildcardLimits } from './wildcardLimits';

/**
 * A DICOMweb request parsed once at the edge (docs/design.md "The DICOMweb path"). Nothing after the
 * parser sees a raw path: backends and the guard work on these values only.
 */
export type DicomwebRequest = SearchRequest | RetrieveRequest | StoreRequest;

export type SearchLevel = 'studies' | 'series' | 'instances';

/** One matching key: a tag, or a path of tags into sequences (PS3.18 8.3.4.1). */
export interface SearchFilter {
  path: Tag[];
  value: string;
}

export interface SearchRequest {
  kind: 'search';
  level: SearchLevel;
  /** Set for /studies/{study}/series and /studies/{study}[/series/{series}]/instances. */
  study?: string;
  series?: string;
  filters: SearchFilter[];
  includefield: Tag[] | 'all';
  limit?: number;
  offset: number;
  fuzzymatching: boolean;
}

export type RetrieveRequest =
  | { kind: 'instances'; study: string; series?: string; instance?: string }
  | { kind: 'metadata'; study: string; series?: string; instance?: string }
  | { kind: 'frames'; study: string; series: string; instance: string; frames: number[] }
  | { kind: 'bulkdata'; study: string; series: string; instance: string; attribute: BulkdataPath }
  | RenderedRequest;

/**
 * PS3.18 10.4.1.1.4 rendered and 10.4.1.1.5 thumbnail resources at any level. A rendered study,
 * series, multi-frame instance or frame list holds every image in it (rendered/renderedParts.ts); a
 * thumbnail is one representative image at every level (rendered/representative.ts).
 */
export interface RenderedRequest {
  kind: 'rendered' | 'thumbnail';
  study: string;
  series?: string;
  instance?: string;
  /** frames/{list}/rendered: the frames named, in order; a thumbnail names one. */
  frames?: number[];
  /** Set by the guard for a share of some series: a study-level answer shows only these series. */
  onlySeries?: string[];
  options: RenderOptions;
}

/** Path to a bulk value: tags and, inside sequences, item indexes (e.g. 7FE00010, or 00540016/0/00181072). */
export type BulkdataPath = (Tag | number)[];

export interface StoreRequest {
  kind: 'store';
  study?: string;
}

const RESERVED_SEARCH_KEYS = new Set(['limit', 'offset', 'includefield', 'fuzzymatching']);
const MAX_FRAMES = 100_000;

/**
 * Parses method + path (below the DICOMweb root, still percent-encoded) + query string.
 * Throws HttpError 400/404/405 for anything that is not a well-formed DICOMweb request.
 */
export function parseDicomwebRequest(method: string, rawPath: string, rawQuery: string): DicomwebRequest {
  const segments = splitPath(rawPath);
  const query = new URLSearchParams(rawQuery);

  if (method === 'POST') {
    if (segments[0] === 'studies' && segments.length <= 2) {
      rejectQuery(query);
      return { kind: 'store', study: segments[1] === undefined ? undefined : uid(segments[1], 'study') };
    }
    throw methodNotAllowed('STOW-RS accepts POST on /studies or /studies/{StudyInstanceUID} only');
  }
  if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(`${method} is not supported`);

  const [root, study, s2, series, s4, instance, s6, ...rest] = segments;
  if (root === 'series' || root === 'instances') {
    if (segments.length !== 1) throw unknownResource();
    return parseSearch(root, {}, query);
  }
  if (root !== 'studies') throw unknownResource();
  if (study === undefined) return parseSearch('studies', {}, query);
  const studyUid = uid(study, 'study');
  if (s2 === undefined) return retrieve({ kind: 'instances', study: studyUid }, query);
  if (isRendered(s2) && series === undefined) return rendered(s2, { study: studyUid }, query);
  if (s2 === 'metadata' && series === undefined) return retrieve({ kind: 'metadata', study: studyUid }, query);
  if (s2 === 'instances' && series === undefined) return parseSearch('instances', { study: studyUid }, query);
  if (s2 !== 'series') throw unknownResource();
  if (series === undefined) return parseSearch('series', { study: studyUid }, query);
  const seriesUid = uid(series, 'series');
  if (s4 === undefined) return retrieve({ kind: 'instances', study: studyUid, series: seriesUid }, query);
  if (isRendered(s4) && instance === undefined) return rendered(s4, { study: studyUid, series: seriesUid }, query);
  if (s4 === 'metadata' && instance === undefined) {
    return retrieve({ kind: 'metadata', study: studyUid, series: seriesUid }, query);
  }
  if (s4 !== 'instances') throw unknownResource();
  if (instance === undefined) return parseSearch('instances', { study: studyUid, series: seriesUid }, query);
  const ids = { study: studyUid, series: seriesUid, instance: uid(instance, 'instance') };
  if (s6 === undefined) return retrieve({ kind: 'instances', ...ids }, query);
  if (s6 === 'metadata' && rest.length === 0) return retrieve({ kind: 'metadata', ...ids }, query);
  if (s6 === 'frames' && rest.length === 1)
    return retrieve({ kind: 'frames', ...ids, frames: frameList(rest[0]!) }, query);
  if (s6 === 'bulk' && rest.length > 0) return retrieve({ kind: 'bulkdata', ...ids, attribute: bulkPath(rest) }, query);
  if (isRendered(s6) && rest.length === 0) return rendered(s6, ids, query);
  if (s6 === 'frames' && rest.length === 2 && isRendered(rest[1])) {
    const frames = frameList(rest[0]!);
    if (rest[1] === 'thumbnail' && frames.length > 1) throw badRequest('A thumbnail is one picture: name one frame');
    if (new Set(frames).size !== frames.length) throw badRequest('A frame is named more than once');
    return rendered(rest[1], { ...ids, frames }, query);
  }
  throw unknownResource();
}

function isRendered(segment: string | undefined): segment is RenderedRequest['kind'] {
  return segment === 'rendered' || segment === 'thumbnail';
}

function rendered(
  kind: RenderedRequest['kind'],
  target: Omit<RenderedRequest, 'kind' | 'options'>,
  query: URLSearchParams,
): RenderedRequest {
  return { kind, ...target, options: parseRenderOptions(query) };
}

/**
 * Splits the still-encoded path. Percent signs are refused outright: UIDs and keywords never need
 * escaping, so any escape is either a mistake or an attempt to smuggle `/` or `..` past the parser.
 */
function splitPath(rawPath: string): string[] {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a path may not hold
  if (/[%\\]/.test(rawPath) || /[\u0000-\u001f\u007f-\uffff]/.test(rawPath)) {
    throw badRequest('The path contains characters that are not allowed');
  }
  const trimmed = rawPath.replace(/^\//, '').replace(/\/$/, '');
  if (trimmed === '') return [];
  const segments = trimmed.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..'))
    throw badRequest('The path has empty or relative segments');
  return segments;
}

function unknownResource() {
  return notFound('Unknown DICOMweb resource', 'UNKNOWN_RESOURCE');
}

function uid(value: string, level: string): string {
  if (!isUid(value)) throw badRequest(`Invalid ${level} UID "${value.slice(0, 80)}"`, 'INVALID_UID');
  return value;
}

function frameList(value: string): number[] {
  const frames = value.split(',').map((part) => {
    if (!/^[1-9][0-9]{0,8}$/.test(part)) throw badRequest(`Invalid frame number "${part.slice(0, 20)}"`);
    return Number(part);
  });
  if (frames.length > MAX_FRAMES) throw badRequest(`At most ${MAX_FRAMES} frames per request`);
  return frames;
}

function bulkPath(parts: string[]): BulkdataPath {
  // Alternates tag / item index / tag …, always ending on a tag.
  if (parts.length % 2 === 0) throw badRequest('Invalid bulk data path');
  return parts.map((part, i) => {
    if (i % 2 === 1) {
      if (!/^[0-9]{1,6}$/.test(part)) throw badRequest('Invalid bulk data path');
      return Number(part);
    }
    if (!/^[0-9A-Fa-f]{8}$/.test(part)) throw badRequest('Invalid bulk data path');
    return part.toUpperCase();
  });
}

/** Retrieve requests take no query parameters except PS3.18's `accept`, which the route folds into the Accept header. */
function retrieve<T extends RetrieveRequest>(request: T, query: URLSearchParams): T {
  for (const key of query.keys()) {
    if (key !== 'accept' && key !== 'charset') throw badRequest(`Unknown query parameter "${key.slice(0, 64)}"`);
  }
  return request;
}

function rejectQuery(query: URLSearchParams) {
  for (const key of query.keys()) throw badRequest(`Unknown query parameter "${key.slice(0, 64)}"`);
}

function parseSearch(
  level: SearchLevel,
  scope: { study?: string; series?: string },
  query: URLSearchParams,
): SearchRequest {
  const request: SearchRequest = {
    kind: 'search',
    level,
    ...scope,
    filters: [],
    includefield: [],
    offset: 0,
    fuzzymatching: false,
  };
  const seen = new Set<string>();
  for (const [key, value] of query) {
    if (key === 'includefield') {
      if (request.includefield === 'all') continue;
      for (const field of value
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean)) {
        if (field === 'all') {
          request.includefield = 'all';
          break;
        }
        // A nested path returns its whole top-level sequence.
        request.includefield.push(attributePath(field, 'includefield')[0]!);
      }
      continue;
    }
    if (seen.has(key)) throw badRequest(`Query parameter "${key.slice(0, 64)}" is given more than once`);
    seen.add(key);
    if (key === 'limit' || key === 'offset') {
      if (!/^[0-9]{1,9}$/.test(value)) throw badRequest(`${key} must be a non-negative integer`);
      if (key === 'limit') request.limit = Number(value);
      else request.offset = Number(value);
    } else if (key === 'fuzzymatching') {
      if (value !== 'true' && value !== 'false') throw badRequest('fuzzymatching must be true or false');
      request.fuzzymatching = value === 'true';
    } else if (!RESERVED_SEARCH_KEYS.has(key)) {
      request.filters.push({ path: attributePath(key, 'query parameter'), value: checkWildcardLimits(key, value) });
    }
  }
  return request;
}

/** `PatientName`, `00100010` or a dotted sequence path like `ReferencedSeriesSequence.SeriesInstanceUID`. */
function attributePath(key: string, what: string): Tag[] {
  const path = key.split('.').map((part) => tagOf(part));
  if (path.length === 0 || path.length > 4 || path.some((tag) => tag === undefined)) {
    throw badRequest(`Unknown attribute in ${what}: "${key.slice(0, 64)}"`, 'UNKNOWN_ATTRIBUTE');
  }
  return path as Tag[];
}
