import { describe, expect, it } from 'vitest';
import { createUrlMapper, InvalidDicomJson, rewriteDataset, rewriteDatasets } from './rewriteUrls';

const map = createUrlMapper(new URL('http://pacs.internal:8042/dicom-web'), 'https://viewer.example/dicomweb');
const instance = 'http://pacs.internal:8042/dicom-web/studies/1.2/series/3.4/instances/5.6';

describe('createUrlMapper', () => {
  it('maps URLs under the upstream root to the gateway', () => {
    expect(map(`${instance}/bulk/7fe00010`)).toBe(
      'https://viewer.example/dicomweb/studies/1.2/series/3.4/instances/5.6/bulk/7FE00010',
    );
    expect(map(`${instance}/bulk/54000100/1/54001010`)).toBe(
      'https://viewer.example/dicomweb/studies/1.2/series/3.4/instances/5.6/bulk/54000100/1/54001010',
    );
    expect(map('http://pacs.internal:8042/dicom-web/studies/1.2')).toBe('https://viewer.example/dicomweb/studies/1.2');
    expect(map(`${instance}/frames/1`)).toBe(
      'https://viewer.example/dicomweb/studies/1.2/series/3.4/instances/5.6/frames/1',
    );
  });

  it('drops URLs it cannot map instead of leaking them', () => {
    expect(map('http://other-host:8042/dicom-web/studies/1.2')).toBeUndefined();
    expect(map('https://pacs.internal:8042/dicom-web/studies/1.2')).toBeUndefined();
    expect(map('http://pacs.internal:8042/dicom-webx/studies/1.2')).toBeUndefined();
    expect(map('http://pacs.internal:8042/app/explorer.html')).toBeUndefined();
    expect(map(`${instance}/bulkdata/7FE00010`)).toBeUndefined();
    expect(map(`${instance}/bulk/7FE00010?offset=10&length=4`)).toBeUndefined();
    expect(map('http://pacs.internal:8042/dicom-web/studies/1.2/../../../etc')).toBeUndefined();
    expect(map('http://pacs.internal:8042/dicom-web/studies?PatientName=x')).toBeUndefined();
    expect(map('not a url at all ://')).toBeUndefined();
  });
});

describe('rewriteDatasets', () => {
  it('rewrites BulkDataURI and RetrieveURL at any depth', () => {
    const [dataset] = rewriteDatasets(
      [
        {
          '00081190': { vr: 'UR', Value: ['http://pacs.internal:8042/dicom-web/studies/1.2'] },
          '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^J' }] },
          '00880200': {
            vr: 'SQ',
            Value: [{ '7FE00010': { vr: 'OW', BulkDataURI: `${instance}/bulk/00880200/0/7fe00010` } }],
          },
        },
      ],
      map,
    );
    expect(dataset).toEqual({
      '00081190': { vr: 'UR', Value: ['https://viewer.example/dicomweb/studies/1.2'] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^J' }] },
      '00880200': {
        vr: 'SQ',
        Value: [
          {
            '7FE00010': {
              vr: 'OW',
              BulkDataURI:
                'https://viewer.example/dicomweb/studies/1.2/series/3.4/instances/5.6/bulk/00880200/0/7FE00010',
            },
          },
        ],
      },
    });
  });

  it('removes unmappable URLs: the BulkDataURI key, or the whole URL attribute', () => {
    const dataset = rewriteDataset(
      {
        '00081190': { vr: 'UR', Value: ['http://elsewhere/studies/1.2'] },
        '7FE00010': { vr: 'OB', BulkDataURI: 'http://elsewhere/x' },
        '00281201': { vr: 'OW', InlineBinary: 'AAE=' },
      },
      map,
    );
    expect(dataset).toEqual({ '7FE00010': { vr: 'OB' }, '00281201': { vr: 'OW', InlineBinary: 'AAE=' } });
  });

  it('refuses what is not DICOM JSON', () => {
    expect(() => rewriteDatasets({}, map)).toThrow(InvalidDicomJson);
    expect(() => rewriteDataset({ PatientName: { vr: 'PN' } }, map)).toThrow(InvalidDicomJson);
    expect(() => rewriteDataset({ '00100010': { Value: ['x'] } }, map)).toThrow(InvalidDicomJson);
    expect(() => rewriteDataset({ '00100010': { vr: 'PN', Value: [{ Evil: 'x' }] } }, map)).toThrow(InvalidDicomJson);
    expect(() => rewriteDataset({ '00100010': { vr: 'LO', Value: [[1]] } }, map)).toThrow(InvalidDicomJson);
  });
});
