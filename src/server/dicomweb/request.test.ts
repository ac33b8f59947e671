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
    [`/studies/${S}/series/${SE}/instances/${I}/rendered/extra`, 404],
    [`/studies/${S}/series/${SE}/instances/${I}/frames/1,2/thumbnail`, 400],
    [`/studies/${S}/series/${SE}/instances/${I}/frames/1,2,1/rendered`, 400],
    [`/studies/${S}/series/${SE}/thumbnail/${I}`, 404],
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

describe('parseDicomwebRequest: rendered and thumbnail resources', () => {
  it('parses every level', () => {
    expect(parse(`/studies/${S}/thumbnail`)).toEqual({ kind: 'thumbnail', study: S, options: {} });
    expect(parse(`/studies/${S}/series/${SE}/rendered`)).toEqual({
      kind: 'rendered',
      study: S,
      series: SE,
      options: {},
    });
    expect(parse(`/studies/${S}/series/${SE}/instances/${I}/thumbnail`)).toEqual({
      kind: 'thumbnail',
      study: S,
      series: SE,
      instance: I,
      options: {},
    });
    expect(parse(`/studies/${S}/series/${SE}/instances/${I}/frames/3/rendered`)).toEqual({
      kind: 'rendered',
      study: S,
      series: SE,
      instance: I,
      frames: [3],
      options: {},
    });
    expect(parse(`/studies/${S}/series/${SE}/instances/${I}/frames/5,1,3/rendered`)).toMatchObject({
      kind: 'rendered',
      frames: [5, 1, 3],
    });
  });

  it('parses viewport, window and quality', () => {
    const request = parse(
      `/studies/${S}/series/${SE}/instances/${I}/rendered`,
      'viewport=256,128&window=40,400,sigmoid&quality=70&accept=image/png&iccprofile=no',
    );
    expect(request).toMatchObject({
      options: {
        viewport: { width: 256, height: 128 },
        window: { center: 40, width: 400, function: 'SIGMOID' },
        quality: 70,
      },
    });
    expect(parse(`/studies/${S}/rendered`, 'window=-600.5,1500')).toMatchObject({
      options: { window: { center: -600.5, width: 1500, function: 'LINEAR' } },
    });
  });

  it.each([
    'viewport=0,10',
    'viewport=10',
    'viewport=10,10,0,0,5,5',
    'viewport=9000,10',
    'window=40',
    'window=40,0',
    'window=40,-1',
    'window=40,400,CUBIC',
    'window=a,400',
    'quality=0',
    'quality=101',
    'quality=high',
    'annotation=patient',
    'iccprofile=srgb',
    'PatientID=x',
    'quality=50&quality=60',
  ])('rejects %s', (query) => {
    expect(status(() => parse(`/studies/${S}/series/${SE}/rendered`, query))).toBe(400);
  });
});
