import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has loopback, port 8080, ./data and the embedded archive by default', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, dataDir: '/srv/app/data', dicomwebUrl: undefined, demoStudies: true });
  });

  it('reads the upstream and its credentials', () => {
    const config = loadConfig({ DICOMWEB_URL: 'http://pacs:8042/dicom-web/', DICOMWEB_USER: 'u', DICOMWEB_PASSWORD: 'p' });
    expect(config).toMatchObject({ dicomwebUrl: 'http://pacs:8042/dicom-web', dicomwebUser: 'u', dicomwebPassword: 'p' });
  });

  it('lists every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '80a', DICOMWEB_URL: 'ftp://x', DICOMWEB_USER: 'u', MAX_UPLOAD_BYTES: '-1', DEMO_STUDIES: 'maybe', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/PORT="80a"/);
    expect(problems.join('\n')).toMatch(/DICOMWEB_URL="ftp:\/\/x" must use http or https/);
    expect(problems.join('\n')).toMatch(/DICOMWEB_USER and DICOMWEB_PASSWORD must be set together/);
  });

  it('refuses credentials without an upstream, and two kinds of credentials', () => {
    expect(() => loadConfig({ DICOMWEB_TOKEN: 't' })).toThrow(/DICOMWEB_URL is not/);
    expect(() => loadConfig({ DICOMWEB_URL: 'http://x', DICOMWEB_TOKEN: 't', DICOMWEB_USER: 'u', DICOMWEB_PASSWORD: 'p' })).toThrow(/either/);
  });
});
