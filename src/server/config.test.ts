import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has loopback, port 8080, ./data and the embedded archive by default', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      dataDir: '/srv/app/data',
      dicomwebUrl: undefined,
      demoStudies: true,
    });
  });

  it('reads the upstream and its credentials', () => {
    const config = loadConfig({
      DICOMWEB_URL: 'http://pacs:8042/dicom-web/',
      DICOMWEB_USER: 'u',
      DICOMWEB_PASSWORD: 'p',
    });
    expect(config).toMatchObject({
      dicomwebUrl: 'http://pacs:8042/dicom-web',
      dicomwebUser: 'u',
      dicomwebPassword: 'p',
    });
  });

  it('lists every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: '80a',
        DICOMWEB_URL: 'ftp://x',
        DICOMWEB_USER: 'u',
        MAX_UPLOAD_BYTES: '-1',
        DEMO_STUDIES: 'maybe',
        LOG_LEVEL: 'loud',
      });
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

  it('caps what a deflated data set may inflate to, 1 GiB unless MAX_INFLATED_BYTES says otherwise', () => {
    expect(loadConfig({}).maxInflatedBytes).toBe(1024 ** 3);
    expect(loadConfig({ MAX_INFLATED_BYTES: '268435456' }).maxInflatedBytes).toBe(256 * 1024 ** 2);
    expect(() => loadConfig({ MAX_INFLATED_BYTES: '1000' })).toThrow(
      /MAX_INFLATED_BYTES="1000" must be an integer from 1048576 to 2147483648/,
    );
  });

  it("caps a link recipient's reply at 8 MiB unless REPLY_MAX_BYTES says otherwise", () => {
    expect(loadConfig({}).replyMaxBytes).toBe(8 * 1024 ** 2);
    expect(loadConfig({ REPLY_MAX_BYTES: '65536' }).replyMaxBytes).toBe(65536);
    expect(() => loadConfig({ REPLY_MAX_BYTES: '10' })).toThrow(
      /REPLY_MAX_BYTES="10" must be an integer from 1024 to 268435456/,
    );
  });

  it('lets upload-request links last 30 days at most unless UPLOAD_LINK_MAX_DAYS says otherwise', () => {
    expect(loadConfig({}).uploadLinkMaxDays).toBe(30);
    expect(loadConfig({ UPLOAD_LINK_MAX_DAYS: '7' }).uploadLinkMaxDays).toBe(7);
    expect(() => loadConfig({ UPLOAD_LINK_MAX_DAYS: '0' })).toThrow(
      /UPLOAD_LINK_MAX_DAYS="0" must be an integer from 1 to 365/,
    );
  });

  it('lets an upload link hold 10 GiB in quarantine unless UPLOAD_LINK_MAX_BYTES says otherwise', () => {
    expect(loadConfig({}).uploadLinkMaxBytes).toBe(10 * 1024 ** 3);
    expect(loadConfig({ UPLOAD_LINK_MAX_BYTES: '1048576' }).uploadLinkMaxBytes).toBe(1024 ** 2);
    expect(() => loadConfig({ UPLOAD_LINK_MAX_BYTES: '10' })).toThrow(/UPLOAD_LINK_MAX_BYTES="10" must be an integer/);
  });

  it('lets patient links last a year at most unless PATIENT_LINK_MAX_DAYS says otherwise', () => {
    expect(loadConfig({}).patientLinkMaxDays).toBe(365);
    expect(loadConfig({ PATIENT_LINK_MAX_DAYS: '730' }).patientLinkMaxDays).toBe(730);
    expect(() => loadConfig({ PATIENT_LINK_MAX_DAYS: '0' })).toThrow(
      /PATIENT_LINK_MAX_DAYS="0" must be an integer from 1 to 3650/,
    );
  });

  it("names the senders' institution to link recipients only when INSTITUTION_NAME is set", () => {
    expect(loadConfig({}).institutionName).toBeUndefined();
    expect(loadConfig({ INSTITUTION_NAME: ' St Elsewhere Hospital ' }).institutionName).toBe('St Elsewhere Hospital');
    expect(() => loadConfig({ INSTITUTION_NAME: 'x'.repeat(101) })).toThrow(
      /INSTITUTION_NAME must have at most 100 characters/,
    );
  });

  it('gives a QIDO-RS search 100 ms of matching unless QIDO_DEADLINE_MS says otherwise', () => {
    expect(loadConfig({}).qidoDeadlineMs).toBe(100);
    expect(loadConfig({ QIDO_DEADLINE_MS: '2000' }).qidoDeadlineMs).toBe(2000);
    expect(() => loadConfig({ QIDO_DEADLINE_MS: '0' })).toThrow(
      /QIDO_DEADLINE_MS="0" must be an integer from 10 to 60000/,
    );
  });

  it('runs archive searches in 2 worker threads unless QIDO_WORKERS says otherwise', () => {
    expect(loadConfig({}).qidoWorkers).toBe(2);
    expect(loadConfig({ QIDO_WORKERS: '4' }).qidoWorkers).toBe(4);
    expect(() => loadConfig({ QIDO_WORKERS: '0' })).toThrow(/QIDO_WORKERS="0" must be an integer from 1 to 32/);
  });

  it('makes HTJ2K renditions with one encoder thread per core but one unless HTJ2K_RENDITIONS and ENCODE_WORKERS say otherwise', () => {
    expect(loadConfig({})).toMatchObject({
      htj2kRenditions: true,
      encodeWorkers: Math.max(1, availableParallelism() - 1),
    });
    expect(loadConfig({ HTJ2K_RENDITIONS: 'false', ENCODE_WORKERS: '3' })).toMatchObject({
      htj2kRenditions: false,
      encodeWorkers: 3,
    });
    expect(() => loadConfig({ ENCODE_WORKERS: '0' })).toThrow(/ENCODE_WORKERS="0" must be an integer from 1 to 64/);
  });

  it('makes each series’ opening picture unless OPENING_PICTURES is false', () => {
    expect(loadConfig({}).openingPictures).toBe(true);
    expect(loadConfig({ OPENING_PICTURES: 'false' }).openingPictures).toBe(false);
  });

  it('has slow-client and upload limits with defaults, and refuses ones that contradict each other', () => {
    expect(loadConfig({})).toMatchObject({
      headersTimeoutSeconds: 30,
      requestTimeoutSeconds: 60,
      uploadIdleSeconds: 60,
      stowMaxConcurrentPerSession: 2,
      stowMaxConcurrent: 8,
      stowMaxParts: 1000,
    });
    expect(loadConfig({ UPLOAD_IDLE_SECONDS: '5', STOW_MAX_PARTS: '10' })).toMatchObject({
      uploadIdleSeconds: 5,
      stowMaxParts: 10,
    });
    expect(() => loadConfig({ HEADERS_TIMEOUT_SECONDS: '90' })).toThrow(
      /HEADERS_TIMEOUT_SECONDS must not exceed REQUEST_TIMEOUT_SECONDS/,
    );
    expect(() => loadConfig({ STOW_MAX_CONCURRENT_PER_SESSION: '9' })).toThrow(
      /STOW_MAX_CONCURRENT_PER_SESSION must not exceed STOW_MAX_CONCURRENT/,
    );
    expect(() => loadConfig({ STOW_MAX_PARTS: '0' })).toThrow(/STOW_MAX_PARTS="0" must be an integer from 1 to 100000/);
  });

  it('refuses credentials without an upstream, and two kinds of credentials', () => {
    expect(() => loadConfig({ DICOMWEB_TOKEN: 't' })).toThrow(/DICOMWEB_URL is not/);
    expect(() =>
      loadConfig({ DICOMWEB_URL: 'http://x', DICOMWEB_TOKEN: 't', DICOMWEB_USER: 'u', DICOMWEB_PASSWORD: 'p' }),
    ).toThrow(/either/);
  });
});
