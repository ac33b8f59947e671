import type { DicomJsonElement } from '../../dicom/json';
import { parseMediaType, parseMultipart } from '../../dicomweb/multipart';
import { bytesFromBase64 } from './lutData';

export type FetchBytes = (uri: string) => Promise<Uint8Array>;

/**
 * Retrieves one BulkDataURI (PS3.18 10.4.1.1.5). Servers answer multipart/related with one
 * application/octet-stream part; a bare body is accepted too.
 */
export function bulkDataFetcher(headers: () => Record<string, string>, signal?: AbortSignal): FetchBytes {
  return async (uri) => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the DOM types say location exists; in Node it does not
    const response = await fetch(new URL(uri, globalThis.location?.href), {
      headers: { Accept: 'multipart/related; type="application/octet-stream"', ...headers() },
      signal,
    });
    if (!response.ok) throw new Error(`Bulk data request failed with status ${response.status}`);
    const body = new Uint8Array(await response.arrayBuffer());
    const type = parseMediaType(response.headers.get('Content-Type') ?? undefined);
    const boundary = type?.params.boundary;
    if (type?.type !== 'multipart/related' || !boundary) return body;
    const part = parseMultipart(body, boundary)[0];
    if (!part) throw new Error('Bulk data response has no part');
    return part.body;
  };
}

/** The bytes of a binary element, wherever the JSON put them; undefined for an empty element. */
export async function elementBytes(
  element: DicomJsonElement | undefined,
  fetchBytes: FetchBytes,
): Promise<Uint8Array | undefined> {
  if (!element) return undefined;
  if (element.InlineBinary !== undefined) return bytesFromBase64(element.InlineBinary);
  if (element.BulkDataURI !== undefined) return fetchBytes(element.BulkDataURI);
  return undefined;
}
