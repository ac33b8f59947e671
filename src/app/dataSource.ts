import { DicomwebClient } from '../dicomweb/client';
import { api } from './api/api';

/**
 * Where the app reads DICOM from. By default the gateway's same-origin `/dicomweb` (its session
 * cookie authenticates). "Direct mode" points the browser at any CORS-enabled DICOMweb server:
 *
 * - Ad hoc: `/?dicomweb=https://pacs.example.org/dicom-web#token=<bearer>`. The token travels in
 *   the fragment, which browsers never send to a server, so it does not reach access logs or
 *   Referer headers. Both values are moved to sessionStorage (this tab only, gone when it closes)
 *   and removed from the address bar, so they survive navigation and reload but not sharing.
 * - Per deployment: `config.json` beside index.html, `{ "dicomweb": "<url>", "token"?: "<bearer>" }`.
 *   A token there is readable by anyone who can load the page; use it only on closed networks.
 *
 * Precedence: the launch URL, then this tab's stored choice, then config.json, then `/dicomweb`.
 * A token is bound to its endpoint: a launch URL naming another endpoint drops the stored token,
 * so a crafted link cannot make the app send a real token to a foreign server.
 */
export interface DataSource {
  client: DicomwebClient;
  /** DICOMweb root without trailing slash. */
  baseUrl: string;
  /** True when the browser talks to a DICOMweb server other than the gateway. */
  direct: boolean;
  /** Where the settings came from; only 'session' can be left from the UI. */
  origin: 'default' | 'session' | 'config';
}

interface DataSourceSettings {
  baseUrl: string;
  token?: string;
}

const GATEWAY_BASE_URL = '/dicomweb';
const STORAGE_KEY = 'secondread.dataSource';

export class DataSourceError extends Error {
  override name = 'DataSourceError';
}

interface LaunchParameters {
  dicomweb?: string;
  token?: string;
  /** The same URL without the `dicomweb` parameter and the `token` fragment key. */
  cleanedUrl: string;
}

/** Splits the launch parameters off the page URL. */
export function readLaunchParameters(href: string): LaunchParameters {
  const url = new URL(href);
  const dicomweb = url.searchParams.get('dicomweb')?.trim() || undefined;
  url.searchParams.delete('dicomweb');
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
  const token = fragment.get('token')?.trim() || undefined;
  fragment.delete('token');
  const rest = fragment.toString();
  url.hash = rest ? `#${rest}` : '';
  return { dicomweb, token, cleanedUrl: url.pathname + url.search + url.hash };
}

/** An absolute http(s) URL or a same-origin path, normalised without trailing slashes. */
export function normaliseEndpoint(raw: string, pageOrigin: string): string {
  let url: URL;
  try {
    url = new URL(raw, pageOrigin);
  } catch {
    throw new DataSourceError(`"${raw}" is not a DICOMweb address`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DataSourceError(`The DICOMweb address must use http or https, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new DataSourceError('Put credentials in #token=…, not in the DICOMweb address');
  }
  if (url.search || url.hash) {
    throw new DataSourceError('The DICOMweb address is the service root: no query string or fragment');
  }
  const path = url.pathname.replace(/\/+$/, '');
  return url.origin === pageOrigin ? path || '/' : `${url.origin}${path}`;
}

/** Validates config.json's body; absent keys mean "use the gateway". */
export function parseConfigJson(body: unknown): Partial<DataSourceSettings> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DataSourceError('config.json must hold a JSON object');
  }
  const { dicomweb, token } = body as Record<string, unknown>;
  if (dicomweb !== undefined && typeof dicomweb !== 'string')
    throw new DataSourceError('config.json: "dicomweb" must be a string');
  if (token !== undefined && typeof token !== 'string')
    throw new DataSourceError('config.json: "token" must be a string');
  return { ...(dicomweb ? { baseUrl: dicomweb } : {}), ...(token ? { token } : {}) };
}

export function parseStoredSettings(text: string | null): DataSourceSettings | undefined {
  if (text === null) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { baseUrl, token } = value as Record<string, unknown>;
    if (typeof baseUrl !== 'string') return undefined;
    return typeof token === 'string' ? { baseUrl, token } : { baseUrl };
  } catch {
    return undefined;
  }
}

/**
 * The launch URL wins; a token without an endpoint applies to the stored one (or the gateway).
 * Returns what to use and whether to store it for this tab.
 */
export function chooseSettings(
  launch: LaunchParameters,
  stored: DataSourceSettings | undefined,
  pageOrigin: string,
): { settings: DataSourceSettings; store: boolean } | undefined {
  if (launch.dicomweb !== undefined) {
    const baseUrl = normaliseEndpoint(launch.dicomweb, pageOrigin);
    return { settings: launch.token ? { baseUrl, token: launch.token } : { baseUrl }, store: true };
  }
  if (launch.token !== undefined) {
    return { settings: { baseUrl: stored?.baseUrl ?? GATEWAY_BASE_URL, token: launch.token }, store: true };
  }
  return stored ? { settings: stored, store: false } : undefined;
}

function dataSource(settings: DataSourceSettings, origin: DataSource['origin'], pageOrigin: string): DataSource {
  const baseUrl = normaliseEndpoint(settings.baseUrl, pageOrigin);
  const direct = baseUrl !== GATEWAY_BASE_URL;
  return {
    // The gateway's staff session asks for its CSRF token on a store (Save); another server never gets it.
    client: new DicomwebClient({
      baseUrl,
      token: settings.token,
      ...(!direct && { csrfToken: () => api.currentCsrfToken() }),
    }),
    baseUrl,
    direct,
    origin,
  };
}

/**
 * Resolves the data source once at start-up; strips launch parameters from the address bar.
 * `inlinedConfig` is config.json's text as the gateway put it into the page (null: there is none);
 * undefined when the page holds none, and config.json is then asked for.
 */
export async function loadDataSource(inlinedConfig?: string | null): Promise<DataSource> {
  const pageOrigin = window.location.origin;
  const launch = readLaunchParameters(window.location.href);
  if (launch.dicomweb !== undefined || launch.token !== undefined) {
    window.history.replaceState(window.history.state, '', launch.cleanedUrl);
  }
  const chosen = chooseSettings(launch, parseStoredSettings(window.sessionStorage.getItem(STORAGE_KEY)), pageOrigin);
  if (chosen) {
    if (chosen.store) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(chosen.settings));
    return dataSource(chosen.settings, 'session', pageOrigin);
  }
  const config = inlinedConfig === undefined ? await fetchConfig() : parseConfigText(inlinedConfig);
  if (config.baseUrl !== undefined || config.token !== undefined) {
    return dataSource({ baseUrl: config.baseUrl ?? GATEWAY_BASE_URL, token: config.token }, 'config', pageOrigin);
  }
  return dataSource({ baseUrl: GATEWAY_BASE_URL }, 'default', pageOrigin);
}

/** Forgets this tab's direct-mode choice; the next load uses config.json or the gateway. */
export function forgetDirectMode(): void {
  window.sessionStorage.removeItem(STORAGE_KEY);
}

async function fetchConfig(): Promise<Partial<DataSourceSettings>> {
  let response: Response;
  try {
    response = await fetch('/config.json', { cache: 'no-store', credentials: 'same-origin' });
  } catch {
    return {};
  }
  // Without a config.json the gateway answers with the SPA's index.html: no configuration.
  if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return {};
  return parseConfigText(await response.text());
}

/** config.json's text (null: there is none) as settings. */
function parseConfigText(text: string | null): Partial<DataSourceSettings> {
  if (text === null) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DataSourceError('config.json is not valid JSON');
  }
  return parseConfigJson(body);
}
