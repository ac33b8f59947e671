import { describe, expect, it } from 'vitest';
import {
  parseDicomwebRequest,
  type RenderedRequest,
  type RetrieveRequest,
  type SearchRequest,
} from '../dicomweb/request';
import { renderedQuery } from '../rendered/renderedQueryString';
import { retrievePath, searchPath, searchQuery, storePath } from './upstreamPaths';

const search = (path: string, query = '') => parseDicomwebRequest('GET', path, query) as SearchRequest;
const retrieve = (path: string) => parseDicomwebRequest('GET', path, '') as RetrieveRequest;

describe('upstream paths', () => {
  it('rebuilds every retrieve path the parser accepts', () => {
    for (const path of [
      '/studies/1.2',
      '/studies/1.2/metadata',
      '/studies/1.2/series/3.4',
      '/studies/1.2/series/3.4/metadata',
      '/studies/1.2/series/3.4/instances/5.6',
      '/studies/1.2/series/3.4/instances/5.6/metadata',
      '/studies/1.2/series/3.4/instances/5.6/frames/1,3,7',
      '/studies/1.2/series/3.4/instances/5.6/bulk/7FE00010',
      '/studies/1.2/series/3.4/instances/5.6/bulk/00880200/1/7FE00010',
      '/studies/1.2/rendered',
      '/studies/1.2/series/3.4/thumbnail',
      '/studies/1.2/series/3.4/instances/5.6/rendered',
      '/studies/1.2/series/3.4/instances/5.6/frames/2/thumbnail',
      '/studies/1.2/series/3.4/instances/5.6/frames/1,3/rendered',
    ]) {
      expect(retrievePath(retrieve(path))).toBe(path);
    }
  });

  it('rebuilds a rendered query from the parsed options only', () => {
    const request = parseDicomwebRequest(
      'GET',
      '/studies/1.2/rendered',
      'viewport=64,32&window=-600,1500,linear_exact&quality=80&accept=image/png',
    ) as RenderedRequest;
    expect(renderedQuery(request.options)).toBe('viewport=64,32&window=-600,1500,LINEAR_EXACT&quality=80');
  });

  it('normalises bulk data tags to upper case', () => {
    expect(retrievePath(retrieve('/studies/1/series/2/instances/3/bulk/7fe00010'))).toBe(
      '/studies/1/series/2/instances/3/bulk/7FE00010',
    );
  });

  it('rebuilds search paths at every scope', () => {
    expect(searchPath(search('/studies'))).toBe('/studies');
    expect(searchPath(search('/series'))).toBe('/series');
    expect(searchPath(search('/instances'))).toBe('/instances');
    expect(searchPath(search('/studies/1.2/series'))).toBe('/studies/1.2/series');
    expect(searchPath(search('/studies/1.2/instances'))).toBe('/studies/1.2/instances');
    expect(searchPath(search('/studies/1.2/series/3.4/instances'))).toBe('/studies/1.2/series/3.4/instances');
  });

  it('writes filters as keywords, with paging last', () => {
    const query = searchQuery(
      search(
        '/studies',
        'offset=5&00100010=Doe%5EJ*&StudyDate=20200101-&includefield=00081030&limit=2&fuzzymatching=true',
      ),
    );
    expect(query).toBe(
      'PatientName=Doe^J*&StudyDate=20200101-&includefield=StudyDescription&fuzzymatching=true&limit=2&offset=5',
    );
  });

  it('escapes only what cannot travel raw (Orthanc does not decode escapes)', () => {
    const query = searchQuery(
      search('/studies', 'PatientName=%C3%84neas%20R%3F%5C*&AccessionNumber=a%26b%3Dc%2Bd%23e%25f'),
    );
    expect(query).toBe('PatientName=%C3%84neas%20R?\\*&AccessionNumber=a%26b%3Dc%2Bd%23e%25f');
  });

  it('keeps sequence paths, includefield=all and tags without keyword', () => {
    const query = searchQuery(
      search('/series', 'RequestAttributesSequence.ScheduledProcedureStepID=A%20B&00091001=x&includefield=all'),
    );
    expect(query).toBe('RequestAttributesSequence.ScheduledProcedureStepID=A%20B&00091001=x&includefield=all');
  });

  it('builds store paths', () => {
    expect(storePath({ kind: 'store' })).toBe('/studies');
    expect(storePath({ kind: 'store', study: '1.2' })).toBe('/studies/1.2');
  });
});
