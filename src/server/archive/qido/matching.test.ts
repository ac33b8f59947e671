import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset, DicomJsonElement } from '../../../dicom/json';
import { HttpError } from '../../errors';
import { canonicalMoment, compileKey, compileMatcher, isUniversal, matchPath } from './matching';

const el = (vr: string, ...Value: DicomJsonElement['Value'] & unknown[]): DicomJsonElement =>
  Value.length ? { vr, Value } : { vr };
const matches = (vr: string, query: string, element: DicomJsonElement | undefined) =>
  compileMatcher(vr, query)(element);

describe('universal matching', () => {
  it.each([
    ['LO', ''],
    ['LO', '*'],
    ['PN', '*'],
    ['UI', ''],
    ['DA', ''],
  ])('%s "%s" matches present, empty and absent attributes', (vr, query) => {
    expect(matches(vr, query, el(vr, 'x'))).toBe(true);
    expect(matches(vr, query, el(vr))).toBe(true);
    expect(matches(vr, query, undefined)).toBe(true);
  });

  it('treats "*" on a date as a malformed range, not universal', () => {
    expect(isUniversal('DA', '*')).toBe(false);
    expect(() => compileMatcher('DA', '*')).toThrow(HttpError);
  });
});

describe('single value matching', () => {
  it('is exact and case-sensitive for non-PN strings', () => {
    expect(matches('LO', 'ABC123', el('LO', 'ABC123'))).toBe(true);
    expect(matches('LO', 'abc123', el('LO', 'ABC123'))).toBe(false);
    expect(matches('LO', 'ABC', el('LO', 'ABC123'))).toBe(false);
    expect(matches('CS', 'CT', el('CS', 'MR'))).toBe(false);
  });

  it('does not match absent or empty attributes', () => {
    expect(matches('LO', 'X', undefined)).toBe(false);
    expect(matches('LO', 'X', el('LO'))).toBe(false);
    expect(matches('LO', 'X', { vr: 'LO', Value: [null] })).toBe(false);
  });

  it('matches any value of a multi-valued attribute', () => {
    expect(matches('CS', 'MR', el('CS', 'CT', 'MR'))).toBe(true);
    expect(matches('CS', 'PT', el('CS', 'CT', 'MR'))).toBe(false);
  });

  it('compares numbers numerically', () => {
    expect(matches('IS', '7', el('IS', 7))).toBe(true);
    expect(matches('IS', '007', el('IS', 7))).toBe(true);
    expect(matches('DS', '1.50', el('DS', 1.5))).toBe(true);
    expect(matches('US', '512', el('US', 256, 512))).toBe(true);
    expect(matches('IS', 'seven', el('IS', 7))).toBe(false);
  });

  it('keeps backslashes in LT, ST, UT and UR keys', () => {
    expect(matches('LT', 'a\\b', el('LT', 'a\\b'))).toBe(true);
    expect(matches('LT', 'a', el('LT', 'a\\b'))).toBe(false);
  });
});

describe('person names', () => {
  const name = el('PN', { Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' });

  it('matches case-insensitively', () => {
    expect(matches('PN', 'YAMADA^TAROU', name)).toBe(true);
    expect(matches('PN', 'yamada^tarou', name)).toBe(true);
    expect(matches('PN', 'Yamada', name)).toBe(false);
  });

  it('matches any component group, or the whole name when the key has "="', () => {
    expect(matches('PN', '山田^太郎', name)).toBe(true);
    expect(matches('PN', 'やまだ*', name)).toBe(true);
    expect(matches('PN', 'Yamada^Tarou=山田^太郎=やまだ^たろう', name)).toBe(true);
    expect(matches('PN', 'Yamada^Tarou=山田^花子', name)).toBe(false);
  });

  it('ignores trailing component separators and spaces', () => {
    expect(matches('PN', 'Doe^John', el('PN', { Alphabetic: 'Doe^John^^^' }))).toBe(true);
    expect(matches('PN', 'Doe^John^', el('PN', { Alphabetic: 'Doe^John' }))).toBe(true);
  });

  it('takes wildcards case-insensitively', () => {
    const doe = el('PN', { Alphabetic: 'DOE^JANE' });
    expect(matches('PN', 'doe*', doe)).toBe(true);
    expect(matches('PN', '*jane', doe)).toBe(true);
    expect(matches('PN', 'd?e^j*', doe)).toBe(true);
    expect(matches('PN', 'smith*', doe)).toBe(false);
  });

  it('matches Unicode case-insensitively', () => {
    expect(matches('PN', 'äneas*', el('PN', { Alphabetic: 'Äneas^Rüdiger' }))).toBe(true);
    expect(matches('PN', 'ΔΙΟΝΥΣΙΟΣ', el('PN', { Alphabetic: 'Διονυσιος' }))).toBe(true);
  });
});

describe('wildcards', () => {
  it('* matches any run, including an empty one', () => {
    expect(matches('LO', 'AB*', el('LO', 'AB'))).toBe(true);
    expect(matches('LO', 'AB*', el('LO', 'ABCD'))).toBe(true);
    expect(matches('LO', '*CD', el('LO', 'ABCD'))).toBe(true);
    expect(matches('LO', 'A*D', el('LO', 'ABCD'))).toBe(true);
    expect(matches('LO', 'A*D', el('LO', 'ABCDE'))).toBe(false);
  });

  it('? matches exactly one character', () => {
    expect(matches('SH', 'A?C', el('SH', 'ABC'))).toBe(true);
    expect(matches('SH', 'A?C', el('SH', 'AC'))).toBe(false);
    expect(matches('SH', 'A?C', el('SH', 'ABBC'))).toBe(false);
  });

  it('treats regular expression characters literally', () => {
    expect(matches('LO', 'a.c*', el('LO', 'a.cd'))).toBe(true);
    expect(matches('LO', 'a.c*', el('LO', 'abcd'))).toBe(false);
    expect(matches('LO', '(x)[y]*', el('LO', '(x)[y]z'))).toBe(true);
  });

  it('stays case-sensitive outside PN', () => {
    expect(matches('LO', 'head*', el('LO', 'HEAD CT'))).toBe(false);
  });

  it('is literal in UIDs', () => {
    expect(matches('UI', '1.2.*', el('UI', '1.2.3'))).toBe(false);
  });
});

describe('UID list matching', () => {
  const uid = el('UI', '1.2.3');

  it('accepts backslash- and comma-separated lists', () => {
    expect(matches('UI', '1.2.3', uid)).toBe(true);
    expect(matches('UI', '9.9\\1.2.3', uid)).toBe(true);
    expect(matches('UI', '9.9,1.2.3', uid)).toBe(true);
    expect(matches('UI', '9.9,1.2.4', uid)).toBe(false);
    expect(matches('UI', '1.2', uid)).toBe(false);
  });
});

describe('multiple value keys', () => {
  it('matches when any key value matches', () => {
    expect(matches('CS', 'CT\\MR', el('CS', 'MR'))).toBe(true);
    expect(matches('CS', 'CT\\MR', el('CS', 'US'))).toBe(false);
    expect(matches('PN', 'smith*\\doe*', el('PN', { Alphabetic: 'Doe^J' }))).toBe(true);
  });
});

describe('date, time and date-time ranges', () => {
  const date = el('DA', '20200615');

  it.each([
    ['20200615', true],
    ['20200614', false],
    ['20200101-20201231', true],
    ['20200616-20201231', false],
    ['20200615-', true],
    ['20200616-', false],
    ['-20200615', true],
    ['-20200614', false],
    ['20190101-20190131\\20200601-20200630', true],
  ])('DA %s → %s', (query, expected) => {
    expect(matches('DA', query, date)).toBe(expected);
  });

  it('reads old ACR-NEMA dates with dots', () => {
    expect(matches('DA', '20200615', el('DA', '2020.06.15'))).toBe(true);
  });

  it('matches times by precision: a partial key covers what it names', () => {
    const time = el('TM', '123045.5');
    expect(matches('TM', '12', time)).toBe(true);
    expect(matches('TM', '1230', time)).toBe(true);
    expect(matches('TM', '123046', time)).toBe(false);
    expect(matches('TM', '1200-1300', time)).toBe(true);
    expect(matches('TM', '-12', time)).toBe(true);
    expect(matches('TM', '13-', time)).toBe(false);
    expect(matches('TM', '12:30:45', el('TM', '12:30:45'))).toBe(true);
  });

  it('matches date-times and ignores UTC offsets', () => {
    const dt = el('DT', '20200615123000+0200');
    expect(matches('DT', '2020', dt)).toBe(true);
    expect(matches('DT', '202006-202007', dt)).toBe(true);
    expect(matches('DT', '20200615130000-', dt)).toBe(false);
    expect(matches('DT', '-20200615123000-0500', dt)).toBe(true);
    expect(matches('DT', '20200615-20200615+0100', dt)).toBe(true);
  });

  it('skips stored values that are not dates', () => {
    expect(matches('DA', '20200101-', el('DA', 'unknown'))).toBe(false);
  });

  it.each([
    ['DA', '2020-01-01'],
    ['DA', '202001'],
    ['DA', '-'],
    ['TM', '25:00:00x'],
    ['DT', 'yesterday'],
  ])('refuses %s key "%s" with 400', (vr, query) => {
    try {
      compileMatcher(vr, query, 'StudyDate');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(400);
      expect((error as HttpError).message).toMatch(/StudyDate/);
    }
  });

  it('canonicalMoment pads to full precision', () => {
    expect(canonicalMoment('DA', '20200101')).toBe('20200101');
    expect(canonicalMoment('TM', '1230')).toBe('123000.000000');
    expect(canonicalMoment('DT', '2020')).toBe('20200000000000.000000');
    expect(canonicalMoment('TM', 'noon')).toBeUndefined();
  });
});

describe('keys and paths', () => {
  const dataset: DicomJsonDataset = {
    '00100010': el('PN', { Alphabetic: 'Doe^Jane' }),
    '00400275': el(
      'SQ',
      { '00401001': el('SH', 'RP1') },
      { '00401001': el('SH', 'RP2'), '00400009': el('SH', 'SPS2') },
    ),
    '00091010': el('LO', 'private'),
  };

  it('takes the VR from the dictionary', () => {
    expect(matchPath(dataset, ['00100010'], compileKey('00100010', 'doe*'))).toBe(true);
  });

  it('takes the VR of a private element from the data', () => {
    expect(matchPath(dataset, ['00091010'], compileKey('00091010', 'priv*'))).toBe(true);
    expect(matchPath(dataset, ['00091010'], compileKey('00091010', 'other'))).toBe(false);
    expect(matchPath(dataset, ['00091011'], compileKey('00091011', 'x'))).toBe(false);
    expect(matchPath(dataset, ['00091011'], compileKey('00091011', ''))).toBe(true);
  });

  it('matches into sequences: any item', () => {
    expect(matchPath(dataset, ['00400275', '00401001'], compileKey('00401001', 'RP2'))).toBe(true);
    expect(matchPath(dataset, ['00400275', '00400009'], compileKey('00400009', 'SPS2'))).toBe(true);
    expect(matchPath(dataset, ['00400275', '00401001'], compileKey('00401001', 'RP3'))).toBe(false);
    expect(matchPath({}, ['00400275', '00401001'], compileKey('00401001', 'RP1'))).toBe(false);
    expect(matchPath({}, ['00400275', '00401001'], compileKey('00401001', ''))).toBe(true);
  });
});
