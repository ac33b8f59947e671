import { describe, expect, it } from 'vitest';
import { HttpError } from '../errors';
import { parseDicomwebRequest } from './request';

const S = '1.2.840.113619.2.1';
const SE = '1.2.840.113619.2.1.2';
const I = '1.2.840.113619.2.1.2.3';

const parse = (path: string, query = '', method = 'GET') => parseDicomwebRequest(method, path, query);
const status = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
  return 200;
};

describe('parseDicomwebRequest: resources', () => {
  it('parses every search level and scope', () => {
    expect(parse('/studies')).toMatchObject({ kind: 'search', level: 'studies' });
    expect(parse('/series')).toMatchObject({ kind: 'search', level: 'series' });
    expect(parse('/instances')).toMatchObject({ kind: 'search', level: 'instances' });
    expect(parse(`/studies/${S}/series`)).toMatchObject({ kind: 'search', level: 'series', study: S });
    expect(parse(`/studies/${S}/instances`)).toMatchObject({ kind: 'search', level: 'instances', study: S });
    expect(parse(`/studies/${S}/series/${SE}/instances`)).toMatchObject({ level: 'instances', study: S, series: SE });
  });

  it('parses retrieve, metadata, frames and bulk data', () => {
    expect(parse(`/studies/${S}`)).toEqual({ kind: 'instances', study: S });
    expect(parse(`/studies/${S}/metadata`)).toEqual({ kind: 'metadata', study: S });
    expect(parse(`/studies/${S}/series/${SE}`)).toEqual({ kind: 'instances', study: S, series: SE });
    expect(parse(`/studies/${S}/series/${SE}/metadata`)).toEqual({ kind: 'metadata', study: S, series: SE });
    expect(parse(`/studies/${S}/series/${SE}/instances/${I}`)).toEqual({
      kind: 'instances',
      study: S,
      series: SE,
      instance: I,
    });
    expect(parse(`/studies/${S}/series/${SE}/instances/${I}/frames/1,3,5`)).toMatchObject({
      kind: 'frames',
      frames: [1, 3, 5],
    });
    expect(parse(`/studies/${S}/series/${SE}/instances/${I}/bulk/7fe00010`)).toMatchObject({
      kind: 'bulkdata',
      attribute: ['7FE00010'],
    });
    expect(parse(`/studies/${S}/series/${SE}/instances/${I}/bulk/00540016/0/00181072`)).toMatchObject({
      attribute: ['00540016', 0, '00181072'],
    });
  });

  it('parses STOW-RS targets', () => {
    expect(parse('/studies', '', 'POST')).toEqual({ kind: 'store', study: undefined });
    expect(parse(`/studies/${S}`, '', 'POST')).toEqual({ kind: 'store', study: S });
    expect(status(() => parse(`/studies/${S}/series`, '', 'POST'))).toBe(405);
  });

  it('tolerates one trailing slash', () => {
    expect(parse('/studies/')).toMatchObject({ kind: 'search', level: 'studies' });
  });
});

describe('parseDicomwebRequest: hostile and malformed paths', () => {
  it.each([
    [`/studies/${S}/../${S}`, 400],
    ['/studies/..%2f..%2fetc', 400],
    [`/studies/${S}%2Fseries`, 400],
    [`/studies/${S}%252Fseries`, 400],
    ['/studies/1.2.abc', 400],
    ['/studies/' + '1.'.repeat(40) + '1', 400],
    [`/studies//${S}`, 400],
    [`/studies/${S}\\..`, 400],
    ['/STUDIES', 404],
    [`/studies/${S}/SERIES`, 404],
    [`/studies/${S}/series/${SE}/instances/${I}/frames/0`, 400],
    [`/studies/${S}/series/${SE}/instances/${I}/frames/1,,2`, 400],
    [`/studies/${S}/series/${SE}/instances/${I}/frames/-1`, 400],
    [`/studies/${S}/series/${SE}/instances/${I}/bulk/7FE00010/0`, 400],
    [`/studies/${S}/series/${SE}/instances/${I}/bulk/zz`, 400],
    [`/studies/${S}/series/${SE}/instances/${I}/rendered`, 404],
    ['/unknown', 404],
    ['', 404],
  ])('%s → %i', (path, expected) => {
    expect(status(() => parse(path))).toBe(expected);
  });

  it('refuses other methods', () => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS'])
      expect(status(() => parse('/studies', '', method))).toBe(405);
  });
});

describe('parseDicomwebRequest: search parameters', () => {
  it('maps keywords and tags to matching keys', () => {
    const request = parse(
      '/studies',
      'PatientName=DOE%5E*&0020000D=1.2,1.3&StudyDate=20200101-&limit=10&offset=5&fuzzymatching=true',
    );
    expect(request).toMatchObject({
      filters: [
        { path: ['00100010'], value: 'DOE^*' },
        { path: ['0020000D'], value: '1.2,1.3' },
        { path: ['00080020'], value: '20200101-' },
      ],
      limit: 10,
      offset: 5,
      fuzzymatching: true,
    });
  });

  it('collects includefield lists and all', () => {
    expect(parse('/studies', 'includefield=StudyDescription,00081030&includefield=PatientAge')).toMatchObject({
      includefield: ['00081030', '00081030', '00101010'],
    });
    expect(parse('/studies', 'includefield=PatientAge&includefield=all')).toMatchObject({ includefield: 'all' });
  });

  it('parses sequence matching paths', () => {
    expect(parse('/series', 'RequestAttributesSequence.ScheduledProcedureStepID=X')).toMatchObject({
      filters: [{ path: ['00400275', '00400009'], value: 'X' }],
    });
  });

  it.each([
    'limit=-1',
    'limit=abc',
    'offset=1e3',
    'fuzzymatching=yes',
    'NotAnAttribute=1',
    'PatientID=1&PatientID=2',
    'includefield=NoSuchThing',
  ])('rejects %s', (query) => {
    expect(status(() => parse('/studies', query))).toBe(400);
  });

  it('rejects query parameters on retrieve other than accept', () => {
    expect(parse(`/studies/${S}/metadata`, 'accept=application/dicom%2Bjson')).toEqual({ kind: 'metadata', study: S });
    expect(status(() => parse(`/studies/${S}/metadata`, 'PatientID=x'))).toBe(400);
    expect(status(() => parse('/studies', 'PatientID=x', 'POST'))).toBe(400);
  });
});
