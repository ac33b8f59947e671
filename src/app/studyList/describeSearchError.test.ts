import { describe, expect, it } from 'vitest';
import { DicomwebError } from '../../dicomweb/client';
import { describeSearchError } from './describeSearchError';

const gateway = { direct: false, baseUrl: '/dicomweb' };
const direct = { direct: true, baseUrl: 'https://pacs.example.org/dicom-web' };

describe('describeSearchError', () => {
  it('names an unreachable archive, and CORS in direct mode', () => {
    const error = new DicomwebError(0, 'ARCHIVE_UNREACHABLE', 'Archive unreachable');
    expect(describeSearchError(error, gateway).title).toBe('Archive unreachable');
    expect(describeSearchError(error, direct).detail).toMatch(/pacs\.example\.org.*CORS/);
  });
  it('tells 401 from 403', () => {
    expect(describeSearchError(new DicomwebError(401, 'UNAUTHORIZED', 'x'), direct)).toMatchObject({
      title: 'Sign-in required (401)',
      detail: expect.stringMatching(/#token/),
    });
    expect(describeSearchError(new DicomwebError(403, 'UNAUTHORIZED', 'x'), gateway).title).toBe('Access denied (403)');
  });
  it('treats a failing upstream as unreachable', () => {
    expect(
      describeSearchError(new DicomwebError(502, 'UPSTREAM_UNAVAILABLE', 'Archive unreachable'), gateway),
    ).toMatchObject({
      title: 'Archive unreachable',
      detail: expect.stringContaining('behind the SecondRead server'),
    });
    expect(describeSearchError(new DicomwebError(503, 'ARCHIVE_ERROR', 'x'), direct).detail).toContain(
      'pacs.example.org',
    );
  });
  it('blames the gateway credentials, not the reader, when the upstream refuses them', () => {
    const error = new DicomwebError(
      502,
      'UPSTREAM_CREDENTIALS_REFUSED',
      'The archive refused the gateway credentials; an administrator must check DICOMWEB_TOKEN',
    );
    expect(describeSearchError(error, gateway)).toMatchObject({
      title: 'The archive refused the SecondRead server',
      detail: expect.stringContaining('administrator'),
    });
  });
  it('shows the server message for a rejected search', () => {
    expect(
      describeSearchError(
        new DicomwebError(400, 'UNKNOWN_ATTRIBUTE', 'Unknown attribute in query parameter: "Foo"'),
        gateway,
      ).detail,
    ).toContain('Foo');
  });
  it('has words for errors that are not from the client', () => {
    expect(describeSearchError(new TypeError('boom'), gateway).title).toBe('The search failed');
  });
});
