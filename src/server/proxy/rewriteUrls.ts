import type { DicomJsonDataset, DicomJsonElement, DicomJsonValue, PersonNameValue } from '../../dicom/json';
import { parseDicomwebRequest } from '../dicomweb/request';
import { retrievePath } from './upstreamPaths';

/** Maps an upstream URL to the gateway's URL for the same resource, or undefined when it has none. */
type UrlMapper = (url: string) => string | undefined;

/** URL-valued attributes that point back into the archive: RetrieveURL (0008,1190) and the older RetrieveURI (0040,E010). */
const URL_TAGS = new Set(['00081190', '0040E010']);
const TAG_PATTERN = /^[0-9A-Fa-f]{8}$/;

/**
 * A URL under the upstream DICOMweb root maps to `publicBase` + the same resource, rebuilt from the
 * gateway's own parser so only paths the gateway would serve come out. Anything else (another host,
 * a path outside the root, a form our parser refuses, a search URL) maps to undefined: it is
 * dropped rather than leaking the upstream's address to the browser.
 */
export function createUrlMapper(upstreamBase: URL, publicBase: string): UrlMapper {
  const basePath = upstreamBase.pathname.replace(/\/+$/, '');
  return (value) => {
    let url: URL;
    try {
      url = new URL(value, `${upstreamBase.origin}${basePath}/`);
    } catch {
      return undefined;
    }
    if (url.origin !== upstreamBase.origin || !url.pathname.startsWith(`${basePath}/`)) return undefined;
    try {
      const parsed = parseDicomwebRequest('GET', url.pathname.slice(basePath.length), url.search.replace(/^\?/, ''));
      return parsed.kind === 'search' || parsed.kind === 'store' ? undefined : `${publicBase}${retrievePath(parsed)}`;
    } catch {
      return undefined;
    }
  };
}

/** Thrown when an upstream body is not DICOM JSON (PS3.18 F.2). */
export class InvalidDicomJson extends Error {
  override name = 'InvalidDicomJson';
}

/** Validates a DICOM JSON array (QIDO-RS results, WADO-RS metadata) and maps its URLs. */
export function rewriteDatasets(value: unknown, map: UrlMapper): DicomJsonDataset[] {
  if (!Array.isArray(value)) throw new InvalidDicomJson('expected an array of datasets');
  return value.map((dataset) => rewriteDataset(dataset, map));
}

/**
 * Validates one dataset and returns a copy in which every BulkDataURI and URL attribute points at
 * the gateway; a BulkDataURI that cannot be mapped is removed (the element stays, without value),
 * a URL attribute whose values cannot be mapped is removed entirely.
 */
export function rewriteDataset(value: unknown, map: UrlMapper): DicomJsonDataset {
  if (!isRecord(value)) throw new InvalidDicomJson('expected a dataset object');
  const out: DicomJsonDataset = {};
  for (const [tag, raw] of Object.entries(value)) {
    if (!TAG_PATTERN.test(tag)) throw new InvalidDicomJson('a dataset key is not a tag');
    const upper = tag.toUpperCase();
    const element = rewriteElement(upper, raw, map);
    if (element !== undefined) out[upper] = element;
  }
  return out;
}

function rewriteElement(tag: string, raw: unknown, map: UrlMapper): DicomJsonElement | undefined {
  if (!isRecord(raw) || typeof raw.vr !== 'string') throw new InvalidDicomJson(`element ${tag} has no VR`);
  const element: DicomJsonElement = { vr: raw.vr };
  if (raw.Value !== undefined) {
    if (!Array.isArray(raw.Value)) throw new InvalidDicomJson(`element ${tag} has a Value that is not an array`);
    element.Value = raw.vr === 'SQ' ? raw.Value.map((item) => rewriteDataset(item, map)) : raw.Value.map(checkValue);
    if (URL_TAGS.has(tag)) {
      const mapped = element.Value.flatMap((url) => (typeof url === 'string' ? (map(url) ?? []) : []));
      if (mapped.length === 0) return undefined;
      element.Value = mapped;
    }
  }
  if (typeof raw.BulkDataURI === 'string') {
    const mapped = map(raw.BulkDataURI);
    if (mapped !== undefined) element.BulkDataURI = mapped;
  }
  if (typeof raw.InlineBinary === 'string') element.InlineBinary = raw.InlineBinary;
  return element;
}

function checkValue(value: unknown): DicomJsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (!isRecord(value)) throw new InvalidDicomJson('an element value is neither a string, a number nor a person name');
  const name: PersonNameValue = {};
  for (const [group, text] of Object.entries(value)) {
    if (!PERSON_NAME_GROUPS.has(group) || typeof text !== 'string')
      throw new InvalidDicomJson('a person name has an unknown component group');
    name[group as keyof PersonNameValue] = text;
  }
  return name;
}

const PERSON_NAME_GROUPS = new Set(['Alphabetic', 'Ideographic', 'Phonetic']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
