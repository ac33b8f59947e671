import { describe, expect, it } from 'vitest';
import {
  chooseSettings,
  DataSourceError,
  normaliseEndpoint,
  parseConfigJson,
  parseStoredSettings,
  readLaunchParameters,
} from './dataSource';

const origin = 'https://viewer.example.org';

describe('readLaunchParameters', () => {
  it('takes the endpoint from the query and the token from the fragment', () => {
    const launch = readLaunchParameters(
      `${origin}/?name=x&dicomweb=https%3A%2F%2Fpacs.example.org%2Fdicom-web#token=s3cret&other=1`,
    );
    expect(launch).toEqual({
      dicomweb: 'https://pacs.example.org/dicom-web',
      token: 's3cret',
      cleanedUrl: '/?name=x#other=1',
    });
  });
  it('leaves an ordinary URL as it is', () => {
    expect(readLaunchParameters(`${origin}/viewer?StudyInstanceUIDs=1.2`)).toEqual({
      dicomweb: undefined,
      token: undefined,
      cleanedUrl: '/viewer?StudyInstanceUIDs=1.2',
    });
  });
});

describe('normaliseEndpoint', () => {
  it('keeps cross-origin URLs absolute and same-origin ones as paths', () => {
    expect(normaliseEndpoint('https://pacs.example.org/dicom-web/', origin)).toBe('https://pacs.example.org/dicom-web');
    expect(normaliseEndpoint(`${origin}/dicomweb`, origin)).toBe('/dicomweb');
    expect(normaliseEndpoint('/dicomweb/', origin)).toBe('/dicomweb');
  });
  it('refuses other schemes, embedded credentials and query strings', () => {
    expect(() => normaliseEndpoint('javascript:alert(1)', origin)).toThrow(DataSourceError);
    expect(() => normaliseEndpoint('https://u:p@pacs.example.org/', origin)).toThrow(/#token/);
    expect(() => normaliseEndpoint('https://pacs.example.org/dicom-web?x=1', origin)).toThrow(DataSourceError);
  });
});

describe('chooseSettings', () => {
  const stored = { baseUrl: 'https://pacs.example.org/dicom-web', token: 'old' };
  it('lets the launch URL win and stores it', () => {
    expect(
      chooseSettings({ dicomweb: 'https://other.example.org/dw', token: 'new', cleanedUrl: '/' }, stored, origin),
    ).toEqual({
      settings: { baseUrl: 'https://other.example.org/dw', token: 'new' },
      store: true,
    });
  });
  it('never carries a stored token to another endpoint', () => {
    expect(
      chooseSettings({ dicomweb: 'https://evil.example.org/dw', cleanedUrl: '/' }, stored, origin)?.settings,
    ).toEqual({ baseUrl: 'https://evil.example.org/dw' });
  });
  it('applies a token alone to the stored endpoint', () => {
    expect(chooseSettings({ token: 'new', cleanedUrl: '/' }, stored, origin)?.settings).toEqual({
      baseUrl: stored.baseUrl,
      token: 'new',
    });
  });
  it('keeps the stored choice without launch parameters, and has none without either', () => {
    expect(chooseSettings({ cleanedUrl: '/' }, stored, origin)).toEqual({ settings: stored, store: false });
    expect(chooseSettings({ cleanedUrl: '/' }, undefined, origin)).toBeUndefined();
  });
});

describe('stored settings and config.json', () => {
  it('reads only well-formed stored settings', () => {
    expect(parseStoredSettings('{"baseUrl":"/dicomweb","token":"t"}')).toEqual({ baseUrl: '/dicomweb', token: 't' });
    expect(parseStoredSettings('{"baseUrl":3}')).toBeUndefined();
    expect(parseStoredSettings('not json')).toBeUndefined();
    expect(parseStoredSettings(null)).toBeUndefined();
  });
  it('validates config.json', () => {
    expect(parseConfigJson({ dicomweb: 'https://pacs.example.org/dw', token: 't' })).toEqual({
      baseUrl: 'https://pacs.example.org/dw',
      token: 't',
    });
    expect(parseConfigJson({})).toEqual({});
    expect(() => parseConfigJson([])).toThrow(DataSourceError);
    expect(() => parseConfigJson({ dicomweb: 42 })).toThrow(/dicomweb/);
  });
});
