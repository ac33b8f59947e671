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
  /** Generate the demo studies into an empty embedded archive at start. */
  demoStudies: boolean;
  /** Folder of the built SPA. */
  staticDir: string;
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy: boolean;
  logLevel: string;
}

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

  const config: Config = {
    host,
    port,
    dataDir: path.resolve(cwd, text('DATA_DIR') ?? 'data'),
    dicomwebUrl: dicomwebUrl?.replace(/\/+$/, ''),
    dicomwebUser,
    dicomwebPassword,
    dicomwebToken,
    maxUploadBytes: integer('MAX_UPLOAD_BYTES', 2 * 1024 ** 3, 1024, 64 * 1024 ** 3),
    demoStudies: flag('DEMO_STUDIES', true),
    staticDir: path.resolve(cwd, text('STATIC_DIR') ?? 'dist'),
    trustProxy: flag('TRUST_PROXY', false),
    logLevel,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
