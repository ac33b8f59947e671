import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { countingSearches } from '../../../test/support/sharing/countingBackend';
import { startHarness, STUDIES, type Harness } from '../../../test/support/sharing/harness';
import { replyFacts } from './replyFacts';
import type { ReplyInstance } from './replyPolicy';

/**
 * The lookups behind the reply rules, against the embedded archive: one QIDO-RS search per kind
 * (studies, instances, series) with UID list matching, whatever the number of UIDs, and the same
 * facts as one search per UID would give. test/proxy/replies.test.ts does the same against Orthanc.
 */
let h: Harness;
type Json = Record<string, { Value?: unknown[] }>;
/** Every instance of the multi-series study: [series, instance]. */
let stored: [string, string][];

const context = {
  accept: 'application/dicom+json',
  publicBase: 'http://localhost/dicomweb',
  signal: new AbortController().signal,
};

beforeAll(async () => {
  h = await startHarness({ corpusDir });
  const found = await h.archive.search(
    {
      kind: 'search',
      level: 'instances',
      study: STUDIES.multi.study,
      filters: [],
      includefield: [],
      offset: 0,
      fuzzymatching: false,
    },
    context,
  );
  stored = (found.datasets as Json[]).map((d) => [String(d['0020000E']!.Value![0]), String(d['00080018']!.Value![0])]);
  expect(stored).toHaveLength(3);
});
afterAll(async () => h.close());

const instance = (over: Partial<ReplyInstance>): ReplyInstance => ({
  sopClassUID: '1.2.840.10008.5.1.4.1.1.88.33',
  sopInstanceUID: '2.25.1',
  studyUID: STUDIES.multi.study,
  seriesUID: '2.25.10',
  patient: { patientID: '', patientName: '', patientBirthDate: '' },
  references: [],
  ...over,
});

describe('replyFacts on the embedded archive', () => {
  it('asks one search per kind, with every UID in it, and finds each stored UID', async () => {
    const [[series0, instance0], [series1, instance1], [series2, instance2]] = stored as [
      [string, string],
      [string, string],
      [string, string],
    ];
    const { backend, searches } = countingSearches(h.archive);
    const facts = await replyFacts(backend, context, [
      instance({ sopInstanceUID: '2.25.1', seriesUID: '2.25.10', references: [instance0, instance1, '2.25.99'] }),
      instance({ sopInstanceUID: instance2, seriesUID: series2, references: [instance1] }),
      instance({ sopInstanceUID: '2.25.2', studyUID: STUDIES.greek.study, seriesUID: '2.25.11' }),
    ]);

    expect(searches.map((s) => [s.level, s.filters.map((f) => f.value)])).toEqual([
      ['studies', [`${STUDIES.multi.study},${STUDIES.greek.study}`]],
      ['instances', [`2.25.1,${instance0},${instance1},2.25.99,${instance2},2.25.2`]],
      ['series', [`2.25.10,${series2},2.25.11`]],
    ]);
    expect([...facts.studies.keys()].sort()).toEqual([STUDIES.greek.study, STUDIES.multi.study].sort());
    expect(facts.referenced).toEqual(
      new Map([
        [instance0, { study: STUDIES.multi.study, series: series0 }],
        [instance1, { study: STUDIES.multi.study, series: series1 }],
      ]),
    );
    expect(facts.existingInstances).toEqual(new Set([instance2]));
    expect(facts.existingSeries).toEqual(new Set([series2]));
  });

  it('splits a long list into searches of at most 50 UIDs', async () => {
    const { backend, searches } = countingSearches(h.archive);
    const references = Array.from({ length: 120 }, (_, i) => `2.25.5${i}`);
    const facts = await replyFacts(backend, context, [instance({ references: [...references, stored[0]![1]] })]);
    const lookups = searches.filter((s) => s.level === 'instances').map((s) => s.filters[0]!.value.split(',').length);
    expect(lookups).toEqual([50, 50, 22]);
    expect([...facts.referenced.keys()]).toEqual([stored[0]![1]]);
  });
});
