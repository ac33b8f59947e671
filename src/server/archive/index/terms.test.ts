import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset, DicomJsonElement } from '../../../dicom/json';
import type { Tag } from '../../../dicom/tags';
import { compileKey, isUniversal } from '../qido/matching';
import { planSearch, type ChooseDriver } from '../qido/qidoSql';
import { registerSqlFunctions, withKeys } from '../qido/sqlFunctions';
import { ArchiveIndex } from './archiveIndex';
import { openDb } from './schema';
import { prefixUpperBound } from './terms';

/**
 * The study-list keys are answered from study_terms (B-tree and trigram index) instead of the
 * matcher; these tests hold the two to the same answers, key form by key form, on both query
 * plans (the key driving the search from its candidates, and the list walked in order).
 */
const PN = (
  ...values: (string | { Alphabetic?: string; Ideographic?: string; Phonetic?: string } | null)[]
): DicomJsonElement => ({ vr: 'PN', Value: values });
const LO = (...values: (string | null)[]): DicomJsonElement => ({ vr: 'LO', Value: values });

const STUDIES: Record<string, DicomJsonDataset> = {
  plain: {
    '00100010': PN({ Alphabetic: 'DOE^JOHN' }),
    '00100020': LO('PID-1'),
    '00081030': LO('CT HEAD W/O CONTRAST'),
    '00080050': { vr: 'SH', Value: ['ACC1'] },
  },
  trailing: { '00100010': PN({ Alphabetic: 'Doe^Jane^^^' }), '00100020': LO('pid-1'), '00081030': LO('ct head') },
  groups: {
    '00100010': PN({ Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' }),
    '00081030': LO('MRI [KNEE]'),
  },
  ideographicOnly: { '00100010': PN({ Ideographic: '山田^花子' }), '00081030': LO('') },
  accents: {
    '00100010': PN({ Alphabetic: 'MÜLLER^RENÉ' }),
    '00080090': PN({ Alphabetic: 'Lefèvre^Zoé^^Dr' }),
    '00081030': LO('Échographie abdominale'),
  },
  multi: {
    '00100010': PN({ Alphabetic: 'SMITH^ANNA' }, { Alphabetic: 'JONES^ANNA' }),
    '00100020': LO('X1', 'X2'),
    '00081030': LO('a*b?c'),
  },
  emptyName: { '00100010': PN({}), '00100020': LO('') },
  nullValue: { '00100010': PN(null), '00081030': LO(null) },
  absent: {},
  emoji: { '00100010': PN({ Alphabetic: '😀SMILE^👍' }), '00081030': LO('x😀y') },
};

const KEYS: [Tag, string][] = [
  ['00100010', 'DOE^JOHN'],
  ['00100010', 'doe^john'],
  ['00100010', 'doe^jane'],
  ['00100010', 'DOE^JANE^'],
  ['00100010', 'DOE*'],
  ['00100010', 'do?^j*'],
  ['00100010', '*oe^ja*'],
  ['00100010', '*OE*'],
  ['00100010', '*e*'],
  ['00100010', '*^*'],
  ['00100010', '**'],
  ['00100010', '?*'],
  ['00100010', '山田*'],
  ['00100010', '*太郎'],
  ['00100010', '*^たろう'],
  ['00100010', 'Yamada^Tarou=山田^太郎=やまだ^たろう'],
  ['00100010', 'yamada*=*'],
  ['00100010', '=山田^花子'],
  ['00100010', 'müller*'],
  ['00100010', 'MULLER*'],
  ['00100010', 'MÜLLER^RENÉ'],
  ['00100010', '*ANNA'],
  ['00100010', 'JONES^ANNA'],
  ['00100010', 'SMITH*\\DOE*'],
  ['00100010', 'ZZZ*'],
  ['00100010', '*ZZZQ*'],
  ['00100010', '?😀*'],
  ['00100010', '😀*'],
  ['00100010', '*😀s*'],
  ['00100010', '?'],
  ['00100020', 'PID-1'],
  ['00100020', 'pid-1'],
  ['00100020', 'PID*'],
  ['00100020', '*ID*'],
  ['00100020', 'X2'],
  ['00100020', 'X1\\PID-1'],
  ['00100020', '**'],
  ['00080050', 'ACC1'],
  ['00080050', 'ACC?'],
  ['00080050', 'acc1'],
  ['00081030', 'CT HEAD W/O CONTRAST'],
  ['00081030', 'CT*'],
  ['00081030', '*HEAD*'],
  ['00081030', '*head*'],
  ['00081030', '*[KNEE]*'],
  ['00081030', 'MRI [*'],
  ['00081030', '*nomatch*'],
  ['00081030', 'a*b?c'],
  ['00081030', 'a[*]b*'],
  ['00081030', '*\\*'],
  ['00081030', '*x😀*'],
  ['00081030', 'É*'],
  ['00081030', 'é*'],
  ['00080090', 'lefèvre*'],
  ['00080090', '*zoé*'],
  ['00080090', 'LEFÈVRE^ZOÉ^^DR'],
  ['00080090', '*'],
];

function indexed() {
  const { db } = openDb(':memory:');
  registerSqlFunctions(db);
  const index = new ArchiveIndex(db, '/nowhere');
  Object.entries(STUDIES).forEach(([name, attributes], n) => {
    index.put({
      studyInstanceUID: name,
      seriesInstanceUID: `${name}.1`,
      sopInstanceUID: `${name}.1.1`,
      sopClassUID: '1.2.840.10008.5.1.4.1.1.7',
      transferSyntaxUID: '1.2.840.10008.1.2.1',
      relativePath: `${n}.dcm`,
      size: 0,
      sha256: '',
      dataset: {
        ...attributes,
        '0020000D': { vr: 'UI', Value: [name] },
        '00080060': { vr: 'CS', Value: [n % 2 === 0 ? 'CT' : 'SEG'] },
      },
    });
  });
  return db;
}

describe('study-list keys answered from study_terms', () => {
  const db = indexed();
  const plans: [string, ChooseDriver][] = [
    ['driving the search', (candidates) => (candidates.length > 0 ? 0 : undefined)],
    ['walking the list', () => undefined],
  ];

  it.each(plans)('match exactly what the matcher matches, %s', (_, choose) => {
    for (const [tag, value] of KEYS) {
      const expected = Object.keys(STUDIES)
        .filter((name) => compileKey(tag, value)(STUDIES[name]![tag]))
        .sort();
      const found = withKeys(60_000, (register) => {
        const plan = planSearch(
          {
            kind: 'search',
            level: 'studies',
            filters: [{ path: [tag], value }],
            includefield: [],
            offset: 0,
            fuzzymatching: false,
          },
          register,
          { limit: 100, offset: 0 },
          choose,
        );
        return db
          .prepare<(string | number)[], { study_uid: string }>(plan.sql)
          .all(...plan.params)
          .map((row) => row.study_uid)
          .sort();
      });
      if (isUniversal('PN', value)) expect(found, `${tag}=${value}`).toHaveLength(Object.keys(STUDIES).length);
      else expect(found, `${tag}=${value}`).toEqual(expected);
    }
  });

  it('matches ModalitiesInStudy from the per-study modalities', () => {
    const run = (value: string) =>
      withKeys(60_000, (register) => {
        const plan = planSearch(
          {
            kind: 'search',
            level: 'studies',
            filters: [{ path: ['00080061'], value }],
            includefield: [],
            offset: 0,
            fuzzymatching: false,
          },
          register,
          { limit: 100, offset: 0 },
          () => 0,
        );
        return db.prepare<(string | number)[], { study_uid: string }>(plan.sql).all(...plan.params).length;
      });
    expect(run('SEG')).toBe(5);
    expect(run('CT\\SEG')).toBe(10);
    expect(run('S*')).toBe(5);
    expect(run('seg')).toBe(0);
  });

  it('keeps the trigram index in step with the terms', () => {
    expect(() =>
      db.exec("INSERT INTO study_terms_trigrams (study_terms_trigrams) VALUES ('integrity-check')"),
    ).not.toThrow();
  });
});

describe('prefixUpperBound', () => {
  it('is the least string above every string with the prefix', () => {
    expect(prefixUpperBound('abc')).toBe('abd');
    expect(prefixUpperBound('a\u{10FFFF}')).toBe('b');
    expect(prefixUpperBound('\u{10FFFF}')).toBeUndefined();
    expect(prefixUpperBound('x\uD7FF')).toBe('x\uE000');
  });
});
