import { describe, expect, it } from 'vitest';
import { absoluteBulkDataUris } from './bulkDataUris';

const base = 'https://viewer.example/dicomweb/studies/1.2/series/1.2.3/instances/1.2.3.4';

describe('absoluteBulkDataUris', () => {
  it('resolves relative URIs at the top level and inside sequence items', () => {
    const dataset = {
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
      '7FE00010': { vr: 'OW', BulkDataURI: 'bulk/7FE00010' },
      '00540016': {
        vr: 'SQ',
        Value: [
          { '00181072': { vr: 'OB', BulkDataURI: 'bulk/00540016/0/00181072' }, '00181074': { vr: 'DS', Value: [5] } },
        ],
      },
    };
    const resolved = absoluteBulkDataUris(dataset, base);
    expect(resolved['7FE00010']?.BulkDataURI).toBe(`${base}/bulk/7FE00010`);
    const item = resolved['00540016']?.Value?.[0] as Record<string, { BulkDataURI?: string; Value?: unknown[] }>;
    expect(item['00181072']?.BulkDataURI).toBe(`${base}/bulk/00540016/0/00181072`);
    expect(item['00181074']?.Value).toEqual([5]);
    expect(resolved['00100010']).toEqual(dataset['00100010']);
    expect(dataset['7FE00010'].BulkDataURI).toBe('bulk/7FE00010');
  });

  it('keeps absolute URIs', () => {
    const dataset = { '7FE00010': { vr: 'OB', BulkDataURI: 'https://elsewhere.example/bulk/1' } };
    expect(absoluteBulkDataUris(dataset, base)).toEqual(dataset);
  });
});
