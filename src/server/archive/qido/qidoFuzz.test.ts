import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../../test/support/corpus';
import { createRandom } from '../../demo/random';
import type { DicomJsonDataset } from '../../../dicom/json';
import { tagOf } from '../../../dicom/tags';
import { MAX_WILDCARD_KEY_LENGTH, MAX_WILDCARDS } from '../../dicomweb/wildcardLimits';
import {
  shareAndOpen,
  startHarness,
  STUDIES,
  type Client,
  type Harness,
} from '../../../../test/support/sharing/harness';
import { levelOf } from '../../../dicom/levels';
import { textInstance } from '../../../../test/support/archive/textInstance';
import { compileKey, matchPath } from './matching';
import { SEARCH_DEADLINE_MS } from './search';

/**
 * Random wildcard keys, up to and past the caps, on every key the study list and search use,
 * at every level, as staff and as a share recipient, through the real app. Each answers in time
 * with 200, 400 or 503 JSON, the gateway answers /healthz right after, a recipient only ever sees
 * shared studies, and on study-level keys the SQL's answer agrees with the pure matcher.
 */
const QUERIES = 300;
/** Deadline plus a generous margin for a busy test machine; a hang takes seconds to minutes. */
const IN_TIME_MS = SEARCH_DEADLINE_MS + 900;

const LONG = {
  study: '1.2.826.0.1.3680043.10.99.9.3',
  series: '1.2.826.0.1.3680043.10.99.9.3.1',
  instance: '1.2.826.0.1.3680043.10.99.9.3.1.1',
};
const LONG_VALUES: Record<string, string> = {
  PatientName: `${'B'.repeat(30)}^${'C'.repeat(30)}`,
  PatientID: 'ID-'.padEnd(64, '7'),
  StudyDescription: 'x'.repeat(64),
  AccessionNumber: 'ACC'.padEnd(16, '0'),
  ReferringPhysicianName: `REF^${'é'.repeat(40)}`,
  SeriesDescription: 'ab'.repeat(32),
  InstitutionName: '😀x'.repeat(20),
};
/** Keywords, and hex tags of attributes no column holds, so qido_dataset runs too. */
const KEYS = [
  'PatientName',
  'PatientID',
  'StudyDescription',
  'AccessionNumber',
  'ReferringPhysicianName',
  'Modality',
  'ModalitiesInStudy',
  'SeriesDescription',
  'InstitutionName',
  '00080080',
  '00081090',
  '00180015',
];
// eslint-disable-next-line @typescript-eslint/no-misused-spread -- one code point each, the units QIDO matching works in
const ALPHABET = [...'abBCxX7^=é.-[] ', '😀', '\\', '*', '?'];

let h: Harness;
let staff: Client;
let recipient: Client;
let everyStudy: DicomJsonDataset[];
const shared = new Set<string>([LONG.study, STUDIES.french.study]);

beforeAll(async () => {
  h = await startHarness({ corpusDir });
  const outcome = await h.archive.ingest(
    new Uint8Array(
      textInstance(LONG, {
        '00100010': { vr: 'PN', Value: [{ Alphabetic: LONG_VALUES.PatientName! }] },
        '00100020': { vr: 'LO', Value: [LONG_VALUES.PatientID!] },
        '00081030': { vr: 'LO', Value: [LONG_VALUES.StudyDescription!] },
        '00080050': { vr: 'SH', Value: [LONG_VALUES.AccessionNumber!] },
        '00080090': { vr: 'PN', Value: [{ Alphabetic: LONG_VALUES.ReferringPhysicianName! }] },
        '0008103E': { vr: 'LO', Value: [LONG_VALUES.SeriesDescription!] },
        '00080080': { vr: 'LO', Value: [LONG_VALUES.InstitutionName!] },
        '00080060': { vr: 'CS', Value: ['SR'] },
      }),
    ),
  );
  if (!outcome.ok) throw new Error(outcome.reason);
  staff = await h.signedIn('radiologist');
  ({ recipient } = await shareAndOpen(h, await h.signedIn('admin'), { studyInstanceUIDs: [...shared] }));
  everyStudy = JSON.parse((await staff.get('/dicomweb/studies?includefield=all')).body) as DicomJsonDataset[];
}, 60_000);
afterAll(async () => h.close());

function keyGenerator(seed: number) {
  const random = createRandom(seed);
  const below = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]) => items[below(items.length)]!;
  /** Mostly within the caps, sometimes just past them. */
  const hostile = () => {
    const length = 1 + below(MAX_WILDCARD_KEY_LENGTH + 8);
    const stars = below(MAX_WILDCARDS + 4);
    const chars = Array.from({ length }, () => pick(ALPHABET.slice(0, -2)));
    for (let i = 0; i < stars; i++) chars[below(length)] = pick(['*', '?', '*']);
    return chars.join('');
  };
  /** A real value with some characters turned into wildcards: these match, or nearly. */
  const derived = (key: string) => {
    const value = [
      ...(random() < 0.7 ? (LONG_VALUES[key] ?? pick(Object.values(LONG_VALUES))) : pick(Object.values(LONG_VALUES))),
    ];
    for (let i = 0, n = below(MAX_WILDCARDS); i < n; i++) value[below(value.length)] = pick(['*', '?', '**']);
    return value.join('');
  };
  /** The shapes that made the old regexes exponential: many `*`, each maybe with `?` or a common letter, then a miss. */
  const starHeavy = () => {
    const parts = Array.from({ length: 4 + below(MAX_WILDCARDS - 3) }, () => pick(['*', '*?', '*x', '*B', '*a', '**']));
    return `${parts.join('')}${pick(['!', 'a', 'Z', ''])}`;
  };
  const value = (key: string) => {
    const roll = random();
    return roll < 0.4 ? hostile() : roll < 0.7 ? derived(key) : starHeavy();
  };
  return { key: () => pick(KEYS), value, level: () => pick(LEVELS) };
}

/** The study list is the hot path and the one the agreement check reads: it comes up twice as often. */
const LEVELS = [
  '/dicomweb/studies',
  '/dicomweb/studies',
  '/dicomweb/series',
  '/dicomweb/instances',
  `/dicomweb/studies/${LONG.study}/series`,
  `/dicomweb/studies/${LONG.study}/instances`,
];

const overCaps = (value: string) => {
  const wildcards = value.match(/[*?]/g)?.length ?? 0;
  return wildcards > 0 && (wildcards > MAX_WILDCARDS || [...value].length > MAX_WILDCARD_KEY_LENGTH);
};

async function runFuzz(
  client: Client,
  seed: number,
  check: (level: string, key: string, value: string, body: DicomJsonDataset[]) => void,
) {
  const next = keyGenerator(seed);
  const seen = { 200: 0, 400: 0, 503: 0 };
  for (let i = 0; i < QUERIES / 2; i++) {
    const [level, key] = [next.level(), next.key()];
    const value = next.value(key);
    const url = `${level}?${key}=${encodeURIComponent(value)}`;
    const started = performance.now();
    const response = await client.get(url);
    const elapsed = performance.now() - started;
    const what = `${url} (${response.statusCode} in ${elapsed.toFixed(0)} ms)`;
    expect(elapsed, what).toBeLessThan(IN_TIME_MS);
    expect(response.headers['content-type'], what).toMatch(/json/);
    if (overCaps(value)) {
      expect(response.statusCode, what).toBe(400);
      expect(response.json(), what).toEqual({
        error: 'WILDCARD_LIMIT',
        message: `${key}: a key with wildcards may have at most ${MAX_WILDCARDS} wildcards (* or ?) and ${MAX_WILDCARD_KEY_LENGTH} characters`,
      });
    } else if (response.statusCode === 503) {
      expect(response.json(), what).toMatchObject({ error: 'SEARCH_TOO_SLOW' });
    } else {
      expect(response.statusCode, what).toBe(200);
      const body = response.json<DicomJsonDataset[]>();
      expect(Array.isArray(body), what).toBe(true);
      check(level, key, value, body);
    }
    seen[response.statusCode as 200 | 400 | 503] += 1;
    const health = await client.get('/healthz');
    expect(health.statusCode, `healthz after ${what}`).toBe(200);
    expect(health.json(), `healthz after ${what}`).toMatchObject({ status: 'ok' });
  }
  // The generator reaches both outcomes, so the run tests matching and the caps, not one of them.
  expect(seen[200]).toBeGreaterThan(50);
  expect(seen[400]).toBeGreaterThan(5);
}

const studyUid = (d: DicomJsonDataset) => d['0020000D']?.Value?.[0] as string | undefined;

describe('QIDO-RS wildcard fuzz', () => {
  it('answers every staff query in time; study-level keys agree with the pure matcher', async () => {
    let agreed = 0;
    let found = 0;
    await runFuzz(staff, 0x51d0, (level, key, value, body) => {
      const tag = tagOf(key)!;
      if (level !== '/dicomweb/studies' || levelOf(tag) !== 'study') return;
      const matcher = compileKey(tag, value);
      const expected = everyStudy
        .filter((d) => matchPath(d, [tag], matcher))
        .map(studyUid)
        .sort();
      expect(body.map(studyUid).sort(), `${key}=${value}`).toEqual(expected);
      agreed += 1;
      if (expected.length > 0) found += 1;
    });
    expect(agreed).toBeGreaterThan(5);
    expect(found).toBeGreaterThan(0);
  }, 60_000);

  it('answers every share recipient query in time, with shared studies only', async () => {
    let found = 0;
    await runFuzz(recipient, 0x5a4e, (_level, key, value, body) => {
      if (body.length > 0) found += 1;
      for (const d of body) {
        const uid = studyUid(d);
        // Under /studies/{uid}/… the path fixed the study (the long one, which is shared).
        expect(uid === undefined || shared.has(uid), `${key}=${value}: ${uid}`).toBe(true);
      }
    });
    expect(found).toBeGreaterThan(0);
  }, 60_000);
});
