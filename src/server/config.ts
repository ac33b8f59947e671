import { accessSync, constants } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';

/** Gateway settings, read once from the environment at start. Code reads this, never process.env. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** Upstream DICOMweb base URL; undefined means the embedded archive. */
  dicomwebUrl: string | undefined;
  dicomwebUser: string | undefined;
  dicomwebPassword: string | undefined;
  dicomwebToken: string | undefined;
  /** Largest STOW-RS body accepted, in bytes. */
  maxUploadBytes: number;
  /** Largest data set a Deflated Explicit VR Little Endian file may inflate to; beyond it the file is refused. */
  maxInflatedBytes: number;
  /** How long one QIDO-RS search's matching may run before it answers 503 (embedded archive). */
  qidoDeadlineMs: number;
  /** Worker threads that run the embedded archive's QIDO-RS searches, off the event loop. */
  qidoWorkers: number;
  /** The embedded archive makes a lossless HTJ2K rendition of each frame it can, for remote readers (HTJ2K_RENDITIONS). */
  htj2kRenditions: boolean;
  /** The embedded archive makes each series' opening picture once it is stored (OPENING_PICTURES). */
  openingPictures: boolean;
  /** Worker threads that encode HTJ2K frames, off the event loop (ENCODE_WORKERS). */
  encodeWorkers: number;
  /** Where the proxy keeps the HTJ2K frames it made from the upstream's (TRANSCODE_CACHE_DIR). */
  transcodeCacheDir: string;
  /** The most bytes that cache holds; least recently used frames go first (TRANSCODE_CACHE_BYTES). */
  transcodeCacheBytes: number;
  /** Generate the demo studies into an empty embedded archive at start. */
  demoStudies: boolean;
  /** Folder of the built SPA. */
  staticDir: string;
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy: boolean;
  logLevel: string;
  /** A staff session ends after this long without a request… */
  sessionIdleSeconds: number;
  /** …and this long after sign-in at the latest. */
  sessionMaxSeconds: number;
  /** The longest a share link may be valid (never unlimited). */
  shareMaxSeconds: number;
  /** How long opening a link lets the recipient view before opening it again (capped by the link's expiry). */
  shareSessionSeconds: number;
  /** The longest a patient access link may be valid, in days (PATIENT_LINK_MAX_DAYS). */
  patientLinkMaxDays: number;
  /** The longest an upload-request link may be valid, in days (UPLOAD_LINK_MAX_DAYS). */
  uploadLinkMaxDays: number;
  /** Most bytes one upload link may hold in quarantine (UPLOAD_LINK_MAX_BYTES). */
  uploadLinkMaxBytes: number;
  /** First admin, created at start when no account exists. */
  adminUsername: string | undefined;
  adminPassword: string | undefined;
  /** Serve https directly with this PEM certificate chain and key. */
  tlsCertFile: string | undefined;
  tlsKeyFile: string | undefined;
  /** Extra CSP connect-src sources: DICOMweb servers the app may reach in direct mode. */
  cspConnectSrc: string[];
  /** The senders' institution, shown to link recipients next to the sender's name. */
  institutionName: string | undefined;
  /** A connection must have sent its request line and headers within this long (slowloris). */
  headersTimeoutSeconds: number;
  /** Every request but a STOW-RS upload must have arrived whole (headers and body) within this long. */
  requestTimeoutSeconds: number;
  /** A STOW-RS upload is stopped (408) when no byte of it arrives for this long; a slow but steady one may take as long as it needs. */
  uploadIdleSeconds: number;
  /** STOW-RS requests one session may have in progress at once… */
  stowMaxConcurrentPerSession: number;
  /** …and the whole gateway. */
  stowMaxConcurrent: number;
  /** Instances (parts) one STOW-RS request may hold. */
  stowMaxParts: number;
  /** Largest SR/KOS reply a link recipient may store in one STOW-RS request (it is read into memory to be checked). */
  replyMaxBytes: number;
}

/**
 * Defaults of the slow-client settings. Headers: browsers send them in one packet; 30 s is room
 * for a very bad link. Request: JSON and form bodies are 1 MiB at most, a minute at ~150 kbit/s.
 * Upload idle: a 2 GiB STOW over a slow link may take hours, so uploads get no overall limit,
 * only this one for a body that stopped moving. Concurrency: an admin's importer sends a few
 * requests in parallel, not more; the whole gateway holds a temp file and a descriptor per
 * upload. Parts: 1000 instances is a large CT series; more is a client's batching bug or abuse.
 */
export const CLIENT_LIMIT_DEFAULTS = {
  headersTimeoutSeconds: 30,
  requestTimeoutSeconds: 60,
  uploadIdleSeconds: 60,
  stowMaxConcurrentPerSession: 2,
  stowMaxConcurrent: 8,
  stowMaxParts: 1000,
} as const satisfies Partial<Config>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Parses and validates every setting, then throws one error listing all bad values. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const text = (name: string) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name}="${raw}" must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };
  const flag = (name: string, fallback: boolean) => {
    const raw = text(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name}="${raw}" must be true or false`);
    return fallback;
  };

  const host = text('HOST') ?? '127.0.0.1';
  const port = integer('PORT', 8080, 0, 65535);

  const dicomwebUrl = text('DICOMWEB_URL');
  if (dicomwebUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(dicomwebUrl);
    } catch {
      problems.push(`DICOMWEB_URL="${dicomwebUrl}" is not a URL`);
    }
    if (url && url.protocol !== 'http:' && url.protocol !== 'https:') {
      problems.push(`DICOMWEB_URL="${dicomwebUrl}" must use http or https`);
    }
  }
  const dicomwebUser = text('DICOMWEB_USER');
  const dicomwebPassword = text('DICOMWEB_PASSWORD');
  const dicomwebToken = text('DICOMWEB_TOKEN');
  if ((dicomwebUser === undefined) !== (dicomwebPassword === undefined)) {
    problems.push('DICOMWEB_USER and DICOMWEB_PASSWORD must be set together');
  }
  if (dicomwebToken !== undefined && dicomwebUser !== undefined) {
    problems.push('Set either DICOMWEB_TOKEN or DICOMWEB_USER/DICOMWEB_PASSWORD, not both');
  }
  if (dicomwebUrl === undefined && (dicomwebUser ?? dicomwebToken) !== undefined) {
    problems.push('Upstream credentials are set but DICOMWEB_URL is not');
  }

  const logLevel = text('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL="${logLevel}" must be one of ${LOG_LEVELS.join(', ')}`);
  }

  const minutes = 60;
  const days = 24 * 60 * minutes;
  const sessionIdleSeconds = integer('SESSION_IDLE_SECONDS', 30 * minutes, 60, days);
  const sessionMaxSeconds = integer('SESSION_MAX_SECONDS', 12 * 60 * minutes, 5 * minutes, 30 * days);
  if (sessionIdleSeconds > sessionMaxSeconds) problems.push('SESSION_IDLE_SECONDS must not exceed SESSION_MAX_SECONDS');
  const shareMaxSeconds = integer('SHARE_MAX_SECONDS', 30 * days, 5 * minutes, 365 * days);
  const shareSessionSeconds = integer('SHARE_SESSION_SECONDS', 4 * 60 * minutes, 5 * minutes, 7 * days);

  const adminUsername = text('ADMIN_USERNAME');
  const adminPassword = env.ADMIN_PASSWORD === '' ? undefined : env.ADMIN_PASSWORD;
  if ((adminUsername === undefined) !== (adminPassword === undefined))
    problems.push('ADMIN_USERNAME and ADMIN_PASSWORD must be set together');
  if (adminUsername !== undefined && !/^[A-Za-z0-9._@-]{2,64}$/.test(adminUsername)) {
    problems.push(`ADMIN_USERNAME="${adminUsername}" must be 2 to 64 letters, digits or . _ @ -`);
  }
  if (adminPassword !== undefined && adminPassword.length < 12)
    problems.push('ADMIN_PASSWORD must have at least 12 characters');

  const tlsCertFile = text('TLS_CERT_FILE');
  const tlsKeyFile = text('TLS_KEY_FILE');
  if ((tlsCertFile === undefined) !== (tlsKeyFile === undefined))
    problems.push('TLS_CERT_FILE and TLS_KEY_FILE must be set together');
  for (const [name, file] of [
    ['TLS_CERT_FILE', tlsCertFile],
    ['TLS_KEY_FILE', tlsKeyFile],
  ] as const) {
    if (file !== undefined && !readable(path.resolve(cwd, file)))
      problems.push(`${name}="${file}" is not a readable file`);
  }

  const cspConnectSrc = (text('CSP_CONNECT_SRC') ?? '').split(/\s+/).filter(Boolean);
  for (const source of cspConnectSrc) {
    if (!/^https?:\/\/[A-Za-z0-9.*-]+(:(\d+|\*))?$/.test(source)) {
      problems.push(
        `CSP_CONNECT_SRC entry "${source}" must be an origin like https://pacs.example.org or http://127.0.0.1:*`,
      );
    }
  }

  const institutionName = text('INSTITUTION_NAME');
  if (institutionName !== undefined && institutionName.length > 100)
    problems.push('INSTITUTION_NAME must have at most 100 characters');

  const limits = CLIENT_LIMIT_DEFAULTS;
  const headersTimeoutSeconds = integer('HEADERS_TIMEOUT_SECONDS', limits.headersTimeoutSeconds, 1, 10 * minutes);
  const requestTimeoutSeconds = integer('REQUEST_TIMEOUT_SECONDS', limits.requestTimeoutSeconds, 1, 60 * minutes);
  // Node refuses a headers timeout longer than the request timeout (the headers are part of the request).
  if (headersTimeoutSeconds > requestTimeoutSeconds)
    problems.push('HEADERS_TIMEOUT_SECONDS must not exceed REQUEST_TIMEOUT_SECONDS');
  const stowMaxConcurrentPerSession = integer(
    'STOW_MAX_CONCURRENT_PER_SESSION',
    limits.stowMaxConcurrentPerSession,
    1,
    100,
  );
  const stowMaxConcurrent = integer('STOW_MAX_CONCURRENT', limits.stowMaxConcurrent, 1, 1000);
  if (stowMaxConcurrentPerSession > stowMaxConcurrent)
    problems.push('STOW_MAX_CONCURRENT_PER_SESSION must not exceed STOW_MAX_CONCURRENT');

  const config: Config = {
    host,
    port,
    dataDir: path.resolve(cwd, text('DATA_DIR') ?? 'data'),
    dicomwebUrl: dicomwebUrl?.replace(/\/+$/, ''),
    dicomwebUser,
    dicomwebPassword,
    dicomwebToken,
    maxUploadBytes: integer('MAX_UPLOAD_BYTES', 2 * 1024 ** 3, 1024, 64 * 1024 ** 3),
    maxInflatedBytes: integer('MAX_INFLATED_BYTES', 1024 ** 3, 1024 ** 2, 2 * 1024 ** 3),
    qidoDeadlineMs: integer('QIDO_DEADLINE_MS', 100, 10, 60_000),
    qidoWorkers: integer('QIDO_WORKERS', 2, 1, 32),
    htj2kRenditions: flag('HTJ2K_RENDITIONS', true),
    openingPictures: flag('OPENING_PICTURES', true),
    // One core is left to the event loop that serves requests.
    encodeWorkers: integer('ENCODE_WORKERS', Math.max(1, availableParallelism() - 1), 1, 64),
    transcodeCacheDir: path.resolve(
      cwd,
      text('TRANSCODE_CACHE_DIR') ?? path.join(text('DATA_DIR') ?? 'data', 'transcode-cache'),
    ),
    transcodeCacheBytes: integer('TRANSCODE_CACHE_BYTES', 2 * 1024 ** 3, 1024 ** 2, 1024 ** 4),
    demoStudies: flag('DEMO_STUDIES', true),
    staticDir: path.resolve(cwd, text('STATIC_DIR') ?? 'dist'),
    trustProxy: flag('TRUST_PROXY', false),
    logLevel,
    sessionIdleSeconds,
    sessionMaxSeconds,
    shareMaxSeconds,
    shareSessionSeconds,
    patientLinkMaxDays: integer('PATIENT_LINK_MAX_DAYS', 365, 1, 3650),
    uploadLinkMaxDays: integer('UPLOAD_LINK_MAX_DAYS', 30, 1, 365),
    uploadLinkMaxBytes: integer('UPLOAD_LINK_MAX_BYTES', 10 * 1024 ** 3, 1024 ** 2, 1024 ** 4),
    adminUsername,
    adminPassword,
    tlsCertFile: tlsCertFile && path.resolve(cwd, tlsCertFile),
    tlsKeyFile: tlsKeyFile && path.resolve(cwd, tlsKeyFile),
    cspConnectSrc,
    institutionName,
    headersTimeoutSeconds,
    requestTimeoutSeconds,
    uploadIdleSeconds: integer('UPLOAD_IDLE_SECONDS', limits.uploadIdleSeconds, 1, 60 * minutes),
    stowMaxConcurrentPerSession,
    stowMaxConcurrent,
    stowMaxParts: integer('STOW_MAX_PARTS', limits.stowMaxParts, 1, 100_000),
    replyMaxBytes: integer('REPLY_MAX_BYTES', 8 * 1024 ** 2, 1024, 256 * 1024 ** 2),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function readable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
