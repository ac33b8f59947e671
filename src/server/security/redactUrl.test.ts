import { describe, expect, it } from 'vitest';
import { redactText, redactUrl } from './redactUrl';

describe('redactUrl', () => {
  it('replaces link and setup tokens and every query value, keeping the keys', () => {
    expect(redactUrl('/s/abcDEF123_-x')).toBe('/s/[redacted]');
    expect(redactUrl('/p/abc?x=1')).toBe('/p/[redacted]?x=[redacted]');
    expect(redactUrl('/setup/tok')).toBe('/setup/[redacted]');
    expect(redactUrl('/s%2Ftok')).toBe('/s%2F[redacted]');
    expect(redactUrl('/dicomweb/studies?PatientName=DOE*&limit=5&includefield')).toBe(
      '/dicomweb/studies?PatientName=[redacted]&limit=[redacted]&includefield',
    );
    expect(redactUrl('/dicomweb/studies?PatientName%3DDOE=1&00100010=X')).toBe(
      '/dicomweb/studies?[redacted]&00100010=[redacted]',
    );
    expect(redactUrl('/dicomweb/studies/1.2.3/metadata')).toBe('/dicomweb/studies/1.2.3/metadata');
    expect(redactUrl('/api/setup')).toBe('/api/setup');
  });

  it('in free text, keeps route patterns and JSON escapes', () => {
    expect(redactText('route /s/:token and /setup/:token')).toBe('route /s/:token and /setup/:token');
    expect(redactText('{"msg":"GET /s/tok?PatientName=DOE failed","x":"/p/t\\"q"}')).toBe(
      '{"msg":"GET /s/[redacted]?PatientName=[redacted] failed","x":"/p/[redacted]\\"q"}',
    );
  });
});
