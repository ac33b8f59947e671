import type { DicomJsonDataset } from '../dicom/json';
import { newBoundary } from './multipart';
import { describeFailures, stowRequest, storeResultOf, type StoreResult } from './stow';

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
  /** The session's CSRF token, sent with requests that change the archive (staff sessions need it for STOW). */
  csrfToken?: () => string | undefined;
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
  private readonly csrfToken: () => string | undefined;

  constructor(options: DicomwebClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.csrfToken = options.csrfToken ?? (() => undefined);
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

  /**
   * STOW-RS of Part 10 files, into `study` when given (the archive then refuses instances of other
   * studies). Resolves when every instance was stored; a refusal throws the gateway's JSON error, a
   * partial or empty store (202, 409) throws an error naming the instances not stored.
   */
  async store(study: string | undefined, instances: readonly Uint8Array[], signal?: AbortSignal): Promise<StoreResult> {
    const { contentType, body } = stowRequest(instances, newBoundary());
    const csrf = this.csrfToken();
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}/studies${study ? `/${study}` : ''}`, {
        method: 'POST',
        headers: {
          Accept: 'application/dicom+json',
          'Content-Type': contentType,
          ...this.authorizationHeaders(),
          ...(csrf && { 'X-CSRF-Token': csrf }),
        },
        body: body as Uint8Array<ArrayBuffer>,
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new DicomwebError(0, 'ARCHIVE_UNREACHABLE', 'Archive unreachable');
    }
    if (response.status !== 200 && response.status !== 202 && response.status !== 409) throw await errorFrom(response);
    const answer = await storeResponseBody(response);
    // The gateway refuses a reply (e.g. an existing UID, 409) with its JSON error, not a Store Instances Response.
    const refusal = gatewayError(answer);
    if (refusal) throw new DicomwebError(response.status, refusal.code, refusal.message);
    const result = storeResultOf(answer as DicomJsonDataset);
    if (response.status === 200) return result;
    const code = response.status === 409 ? 'NOT_STORED' : 'PARTIALLY_STORED';
    throw new DicomwebError(response.status, code, describeFailures(result.failed));
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

/** The JSON object of a STOW answer; an empty or non-JSON body reads as an empty object. */
async function storeResponseBody(response: Response): Promise<object> {
  try {
    const body: unknown = await response.json();
    return body && typeof body === 'object' && !Array.isArray(body) ? body : {};
  } catch {
    return {};
  }
}

/** The gateway's JSON error `{ error, message }`, if the body is one. */
function gatewayError(body: unknown): { code: string; message: string } | undefined {
  return body && typeof body === 'object' && 'error' in body && 'message' in body
    ? { code: String(body.error), message: String(body.message) }
    : undefined;
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
    const refusal = gatewayError(await response.json());
    if (refusal) ({ code, message } = refusal);
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
