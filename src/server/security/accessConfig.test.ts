import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';
import { accessSettings } from './accessSettings';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env, '/srv/app');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('access settings in config', () => {
  it('default to 30 min idle, 12 h sessions, 30 d links, 4 h share sessions, no admin, no TLS', () => {
    const config = loadConfig({}, '/srv/app');
    expect(accessSettings(config)).toEqual({
      sessionIdleMs: 30 * 60_000,
      sessionMaxMs: 12 * 3_600_000,
      shareMaxMs: 30 * 86_400_000,
      shareSessionMs: 4 * 3_600_000,
      cspConnectSrc: [],
      replyMaxBytes: 8 * 1024 ** 2,
      patientLinkMaxMs: 365 * 86_400_000,
      uploadLinkMaxMs: 30 * 86_400_000,
      uploadLinkMaxBytes: 10 * 1024 ** 3,
    });
    expect(config).toMatchObject({
      adminUsername: undefined,
      adminPassword: undefined,
      tlsCertFile: undefined,
      tlsKeyFile: undefined,
    });
  });

  it('reads each setting', () => {
    const config = loadConfig(
      {
        SESSION_IDLE_SECONDS: '600',
        SESSION_MAX_SECONDS: '3600',
        SHARE_MAX_SECONDS: '86400',
        SHARE_SESSION_SECONDS: '900',
        ADMIN_USERNAME: 'root',
        ADMIN_PASSWORD: 'a long password',
        CSP_CONNECT_SRC: 'https://pacs.example.org http://127.0.0.1:*',
      },
      '/srv/app',
    );
    expect(config).toMatchObject({
      sessionIdleSeconds: 600,
      sessionMaxSeconds: 3600,
      shareMaxSeconds: 86400,
      shareSessionSeconds: 900,
      adminUsername: 'root',
    });
    expect(config.cspConnectSrc).toEqual(['https://pacs.example.org', 'http://127.0.0.1:*']);
  });

  it('gives one line per bad value', () => {
    const found = problems({
      SESSION_IDLE_SECONDS: '5',
      SHARE_MAX_SECONDS: 'forever',
      ADMIN_USERNAME: 'root',
      TLS_CERT_FILE: '/nonexistent/cert.pem',
      CSP_CONNECT_SRC: "'unsafe-eval'",
    });
    expect(found).toHaveLength(6);
    expect(found.join('\n')).toMatch(/SESSION_IDLE_SECONDS="5"/);
    expect(found.join('\n')).toMatch(/SHARE_MAX_SECONDS="forever"/);
    expect(found.join('\n')).toMatch(/ADMIN_USERNAME and ADMIN_PASSWORD must be set together/);
    expect(found.join('\n')).toMatch(/TLS_CERT_FILE and TLS_KEY_FILE must be set together/);
    expect(found.join('\n')).toMatch(/TLS_CERT_FILE="\/nonexistent\/cert.pem" is not a readable file/);
    expect(found.join('\n')).toMatch(/CSP_CONNECT_SRC entry/);
  });

  it('refuses a short admin password and an idle timeout longer than the session', () => {
    expect(problems({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'short' })).toEqual([
      'ADMIN_PASSWORD must have at least 12 characters',
    ]);
    expect(problems({ SESSION_IDLE_SECONDS: '7200', SESSION_MAX_SECONDS: '3600' })).toEqual([
      'SESSION_IDLE_SECONDS must not exceed SESSION_MAX_SECONDS',
    ]);
  });
});
