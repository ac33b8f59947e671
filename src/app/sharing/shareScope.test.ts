import { describe, expect, it } from 'vitest';
import { shareScope } from './shareScope';

const series = [
  { studyInstanceUID: '1.1', seriesInstanceUID: '1.1.1' },
  { studyInstanceUID: '1.1', seriesInstanceUID: '1.1.2' },
  { studyInstanceUID: '2.2', seriesInstanceUID: '2.2.1' },
];

describe('shareScope', () => {
  it('shares whole studies without naming series', () => {
    expect(shareScope({ kind: 'studies' }, ['1.1', '2.2'], series, '1.1.1')).toEqual({
      ok: true,
      studyInstanceUIDs: ['1.1', '2.2'],
    });
  });

  it('shares the active series with its own study only', () => {
    expect(shareScope({ kind: 'active' }, ['1.1', '2.2'], series, '2.2.1')).toEqual({
      ok: true,
      studyInstanceUIDs: ['2.2'],
      seriesInstanceUIDs: ['2.2.1'],
    });
    expect(shareScope({ kind: 'active' }, ['1.1'], series, undefined)).toEqual({
      ok: false,
      message: 'The active viewport shows no series.',
    });
  });

  it('shares chosen series with the studies they belong to, in list order', () => {
    const chosen = new Set(['2.2.1', '1.1.2']);
    expect(shareScope({ kind: 'chosen', series: chosen }, ['1.1', '2.2'], series, undefined)).toEqual({
      ok: true,
      studyInstanceUIDs: ['1.1', '2.2'],
      seriesInstanceUIDs: ['1.1.2', '2.2.1'],
    });
    expect(shareScope({ kind: 'chosen', series: new Set() }, ['1.1'], series, undefined).ok).toBe(false);
  });
});
