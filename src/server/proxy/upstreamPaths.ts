import { keywordOf, tagOf } from '../../dicom/tags';
import type { RetrieveRequest, SearchRequest, StoreRequest } from '../dicomweb/request';

/**
 * Paths below a DICOMweb root, rebuilt from parsed requests only: every segment is a validated
 * UID, a tag, a number or a fixed word, so nothing the browser typed reaches the upstream verbatim.
 */

export function retrievePath(request: RetrieveRequest): string {
  const { study, series, instance } = request;
  let path = `/studies/${study}`;
  if (series !== undefined) path += `/series/${series}`;
  if (instance !== undefined) path += `/instances/${instance}`;
  switch (request.kind) {
    case 'instances':
      return path;
    case 'metadata':
      return `${path}/metadata`;
    case 'frames':
      return `${path}/frames/${request.frames.join(',')}`;
    case 'bulkdata':
      return `${path}/bulk/${request.attribute.join('/')}`;
    case 'rendered':
    case 'thumbnail':
      return `${path}${request.frames === undefined ? '' : `/frames/${request.frames.join(',')}`}/${request.kind}`;
  }
}

export function searchPath(request: SearchRequest): string {
  const scope =
    request.study === undefined
      ? ''
      : `/studies/${request.study}${request.series === undefined ? '' : `/series/${request.series}`}`;
  return `${scope}/${request.level}`;
}

/**
 * The QIDO-RS query string. Keywords where the dictionary knows them (every DICOMweb server
 * accepts those), tags otherwise. Matching semantics (wildcards, ranges, UID lists) are the
 * upstream's to apply.
 */
export function searchQuery(request: SearchRequest): string {
  const pairs: [string, string][] = request.filters.map((filter) => [
    filter.path.map(attributeId).join('.'),
    filter.value,
  ]);
  if (request.includefield === 'all') pairs.push(['includefield', 'all']);
  else for (const tag of request.includefield) pairs.push(['includefield', attributeId(tag)]);
  if (request.fuzzymatching) pairs.push(['fuzzymatching', 'true']);
  if (request.limit !== undefined) pairs.push(['limit', String(request.limit)]);
  if (request.offset > 0) pairs.push(['offset', String(request.offset)]);
  return pairs.map(([key, value]) => `${queryEscape(key)}=${queryEscape(value)}`).join('&');
}

/**
 * Escapes only what a query value cannot carry raw: Orthanc 1.10 does not percent-decode QIDO
 * values, so `PatientName=Doe%5EJ*` finds nothing there while `Doe^J*` works. Kept raw: RFC 3986
 * query characters other than `&`, `=` and `+`, plus `^` and `\`, which browsers also send raw
 * (WHATWG URL query encoding) and DICOM uses as separators.
 */
function queryEscape(text: string): string {
  return text.replace(/[^A-Za-z0-9\-._~!$'()*,;:@/?^\\]/gu, (character) => encodeURIComponent(character));
}

export function storePath(request: StoreRequest): string {
  return request.study === undefined ? '/studies' : `/studies/${request.study}`;
}

/** A keyword only when it maps back to the same tag (the dictionary has a few non-standard names). */
function attributeId(tag: string): string {
  const keyword = keywordOf(tag);
  return keyword !== undefined && tagOf(keyword) === tag ? keyword : tag;
}
