import type { DicomJsonDataset } from '../dicom/json';

/**
 * Typed DICOMweb client, isomorphic (fetch only). The same client serves the gateway's
 * same-origin /dicomweb and "direct mode" endpoints; when a token is set it is sent on every
 * request, and `authorizationHeaders()` gives it to the image loader for frames and bulk data.
 */
interface DicomwebClientOptions {
  /** DICOMweb root, e.g. "/dicomweb" or "https://pacs.example.org/dicom-web" (no trailing slash). */
  baseUrl: string;
  /** Bearer token for direct mode; undefined for the gateway (its session cookie authenticates). */
  token?: string;
  fetch?: typeof fetch;
}

export type QueryValue = string | number | boolean | undefined;
export type Query = Record<string, QueryValue | QueryValue[]>;

export class DicomwebError extends Error {
  override name = 'DicomwebError';
  constructor(
    readonly status: number,
    /** Stable code from the gateway's JSON error, or derived from the status. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class DicomwebClient {
  readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(options: DicomwebClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  authorizationHeaders(): Record<string, string> {
    return this.token ? { Authorization: `Bearer ${this.token}` } : {};
  }

  searchStudies(query: Query = {}, signal?: AbortSignal): Promise<DicomJsonDataset[]> {
    return this.json(`/studies${queryString(query)}`, signal);
  }

  searchSeries(study: string, query: Query = {}, signal?: AbortSignal): Promise<DicomJsonDataset[]> {
    return this.json(`/studies/${study}/series${queryString(query)}`, signal);
  }

  searchInstances(study: string, series: string, query: Query = {}, signal?: AbortSignal): Promise<DicomJsonDataset[]> {
    return this.json(`/studies/${study}/series/${series}/instances${queryString(query)}`, signal);
  }

  retrieveSeriesMetadata(study: string, series: string, signal?: AbortSignal): Promise<DicomJsonDataset[]> {
    return this.json(`/studies/${study}/series/${series}/metadata`, signal);
  }

  retrieveStudyMetadata(study: string, signal?: AbortSignal): Promise<DicomJsonDataset[]> {
    return this.json(`/studies/${study}/metadata`, signal);
  }

  /** URL of one frame (1-based), as the wadors image loader expects it. */
  frameUrl(study: string, series: string, instance: string, frame: number): string {
    return `${this.baseUrl}/studies/${study}/series/${series}/instances/${instance}/frames/${frame}`;
  }

  private async json(path: string, signal?: AbortSignal): Promise<DicomJsonDataset[]> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        headers: { Accept: 'application/dicom+json', ...this.authorizationHeaders() },
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new DicomwebError(0, 'ARCHIVE_UNREACHABLE', 'Archive unreachable');
    }
    if (response.status === 204) return [];
    if (!response.ok) throw await errorFrom(response);
    const body: unknown = await response.json();
    if (!Array.isArray(body)) throw new DicomwebError(502, 'INVALID_RESPONSE', 'The archive sent an invalid response');
    return body as DicomJsonDataset[];
  }
}

async function errorFrom(response: Response): Promise<DicomwebError> {
  let code =
    response.status === 404
      ? 'NOT_FOUND'
      : response.status === 401 || response.status === 403
        ? 'UNAUTHORIZED'
        : 'ARCHIVE_ERROR';
  let message = `The archive answered ${response.status}`;
  try {
    const body: unknown = await response.json();
    if (body && typeof body === 'object' && 'error' in body && 'message' in body) {
      code = String(body.error);
      message = String(body.message);
    }
  } catch {
    // Non-JSON error bodies (e.g. from an upstream server) keep the status-based text.
  }
  return new DicomwebError(response.status, code, message);
}

function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== '') params.append(key, String(item));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
