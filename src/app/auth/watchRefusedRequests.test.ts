import { describe, expect, it } from 'vitest';
import { isRefusedGatewayRequest } from './watchRefusedRequests';

const ORIGIN = 'https://secondread.example';

describe('isRefusedGatewayRequest', () => {
  it('notices refused DICOMweb and API requests of this origin', () => {
    expect(
      isRefusedGatewayRequest(`${ORIGIN}/dicomweb/studies/1.2/series/3.4/instances/5.6/frames/1`, 401, ORIGIN),
    ).toBe(true);
    expect(isRefusedGatewayRequest(`${ORIGIN}/dicomweb/studies?limit=26`, 403, ORIGIN)).toBe(true);
    expect(isRefusedGatewayRequest(`${ORIGIN}/api/shares`, 410, ORIGIN)).toBe(true);
  });

  it('ignores successes, other errors, other origins and the session endpoints themselves', () => {
    expect(isRefusedGatewayRequest(`${ORIGIN}/dicomweb/studies`, 200, ORIGIN)).toBe(false);
    expect(isRefusedGatewayRequest(`${ORIGIN}/dicomweb/studies`, 404, ORIGIN)).toBe(false);
    expect(isRefusedGatewayRequest('https://pacs.example/dicom-web/studies', 401, ORIGIN)).toBe(false);
    expect(isRefusedGatewayRequest(`${ORIGIN}/assets/index.js`, 401, ORIGIN)).toBe(false);
    for (const path of [
      '/api/me',
      '/api/share-session',
      '/api/patient-session',
      '/api/upload-session',
      '/api/login',
      '/api/logout',
    ]) {
      expect(isRefusedGatewayRequest(`${ORIGIN}${path}`, 401, ORIGIN)).toBe(false);
    }
  });
});
