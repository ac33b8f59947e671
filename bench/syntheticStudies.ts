/**
 * Synthetic studies for the archive scale benchmark, as index records (no files): a department's
 * years of studies with realistic distributions. Deterministic (a seeded generator), so runs of
 * the same N index the same studies.
 */
import type { DicomJsonDataset } from '../src/dicom/json';
import type { IndexRecord } from '../src/server/archive/index/archiveIndex';
import { createRandom } from '../src/server/demo/random';

const SURNAMES = [
  'SMITH',
  'JOHNSON',
  'WILLIAMS',
  'BROWN',
  'JONES',
  'GARCIA',
  'MILLER',
  'DAVIS',
  'RODRIGUEZ',
  'MARTINEZ',
  'HERNANDEZ',
  'LOPEZ',
  'GONZALEZ',
  'WILSON',
  'ANDERSON',
  'THOMAS',
  'TAYLOR',
  'MOORE',
  'JACKSON',
  'MARTIN',
  'LEE',
  'PEREZ',
  'THOMPSON',
  'WHITE',
  'HARRIS',
  'SANCHEZ',
  'CLARK',
  'RAMIREZ',
  'LEWIS',
  'ROBINSON',
  'WALKER',
  'YOUNG',
  'ALLEN',
  'KING',
  'WRIGHT',
  'SCOTT',
  'TORRES',
  'NGUYEN',
  'HILL',
  'FLORES',
  'GREEN',
  'ADAMS',
  'NELSON',
  'BAKER',
  'HALL',
  'RIVERA',
  'CAMPBELL',
  'MITCHELL',
  'CARTER',
  'ROBERTS',
  'MÜLLER',
  'SCHMIDT',
  'SCHNEIDER',
  'FISCHER',
  'WEBER',
  'MEYER',
  'WAGNER',
  'BECKER',
  'SCHULZ',
  'HOFFMANN',
  'DUBOIS',
  'LEFÈVRE',
  'MOREAU',
  'LAURENT',
  'SIMON',
  'MICHEL',
  'ROSSI',
  'RUSSO',
  'FERRARI',
  'ESPOSITO',
  'BIANCHI',
  'ROMANO',
  'COLOMBO',
  'RICCI',
  'KOWALSKI',
  'NOWAK',
  'WIŚNIEWSKI',
  'JANSSEN',
  'DE JONG',
  'DE VRIES',
  'VAN DIJK',
  'BAKKER',
  'VISSER',
  'SMIT',
  'MEIJER',
  "O'BRIEN",
  'MURPHY',
  'KELLY',
  'SULLIVAN',
  'WALSH',
  'SATO',
  'SUZUKI',
  'TAKAHASHI',
  'TANAKA',
  'WATANABE',
  'KIM',
  'PARK',
  'CHEN',
  'WANG',
  'LI',
];
const GIVEN = [
  'JAMES',
  'MARY',
  'JOHN',
  'PATRICIA',
  'ROBERT',
  'JENNIFER',
  'MICHAEL',
  'LINDA',
  'WILLIAM',
  'ELIZABETH',
  'DAVID',
  'BARBARA',
  'RICHARD',
  'SUSAN',
  'JOSEPH',
  'JESSICA',
  'THOMAS',
  'SARAH',
  'CHARLES',
  'KAREN',
  'ANNA',
  'PETER',
  'MARIE',
  'JEAN',
  'LUCA',
  'SOFIA',
  'HANS',
  'ELENA',
  'JAN',
  'EMMA',
  'NOAH',
  'OLIVIA',
  'LIAM',
  'AVA',
  'HIROSHI',
  'YUKI',
  'MIN',
  'WEI',
  'FATIMA',
  'OMAR',
  'AISHA',
  'IVAN',
  'OLGA',
];
const MODALITY_MIX: [string[], number][] = [
  [['CT'], 30],
  [['MR'], 18],
  [['CR'], 18],
  [['DX'], 8],
  [['US'], 10],
  [['XA'], 3],
  [['MG'], 5],
  [['NM'], 1],
  [['CT', 'SEG'], 2],
  [['PT', 'CT'], 3],
  [['MR', 'SR'], 2],
];
const DESCRIPTIONS: Record<string, string[]> = {
  CT: ['CT HEAD W/O CONTRAST', 'CT CHEST WITH CONTRAST', 'CT ABDOMEN PELVIS', 'CT ANGIO NECK', 'CT LUMBAR SPINE'],
  MR: ['MRI BRAIN W/WO CONTRAST', 'MRI KNEE RIGHT', 'MRI LUMBAR SPINE', 'MR PROSTATE', 'MRI SHOULDER LEFT'],
  CR: ['XR CHEST PA AND LATERAL', 'XR HAND 3 VIEWS', 'XR ANKLE LEFT', 'XR PELVIS AP'],
  DX: ['DX CHEST PORTABLE', 'DX KNEE BILATERAL'],
  US: ['US ABDOMEN COMPLETE', 'US THYROID', 'US OB 2ND TRIMESTER', 'US CAROTID DOPPLER'],
  XA: ['CORONARY ANGIOGRAPHY', 'CEREBRAL ANGIOGRAM'],
  MG: ['MAMMO SCREENING BILATERAL', 'MAMMO DIAGNOSTIC LEFT'],
  NM: ['NM BONE SCAN WHOLE BODY'],
  PT: ['PET/CT WHOLE BODY FDG'],
};

const ROOT = '1.2.826.0.1.3680043.10.99.77';
const pick = <T>(next: () => number, values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

function weighted(next: () => number): string[] {
  const total = MODALITY_MIX.reduce((sum, [, weight]) => sum + weight, 0);
  let at = next() * total;
  for (const [modalities, weight] of MODALITY_MIX) {
    at -= weight;
    if (at < 0) return modalities;
  }
  return MODALITY_MIX[0]![0];
}

/** What the benchmark searches for: values that exist in the generated studies. */
export interface SyntheticSample {
  patientId: string;
  accessionNumber: string;
}

/** The index records (one instance per series) of `count` studies over ten years, about 2.5 studies per patient. */
export function* syntheticStudies(
  count: number,
  sample: SyntheticSample = { patientId: '', accessionNumber: '' },
): Generator<IndexRecord> {
  const next = createRandom(20_240_601);
  const patients = Math.max(1, Math.round(count / 2.5));
  const start = Date.UTC(2016, 0, 1);
  const span = Date.UTC(2026, 0, 1) - start;
  for (let s = 0; s < count; s++) {
    const patient = Math.floor(next() * patients);
    const patientRandom = createRandom(patient + 1);
    const name = `${pick(patientRandom, SURNAMES)}^${pick(patientRandom, GIVEN)}${patientRandom() < 0.3 ? `^${pick(patientRandom, GIVEN)}` : ''}`;
    const birth = new Date(Date.UTC(1930, 0, 1) + patientRandom() * 90 * 365.25 * 86_400_000)
      .toISOString()
      .slice(0, 10)
      .replace(/-/g, '');
    const when = new Date(start + next() * span).toISOString();
    const modalities = weighted(next);
    const study = `${ROOT}.${s + 1}`;
    const accession = `A${pad(10_000_000 + s * 7, 8)}`;
    const patientId = `P${pad(patient * 13 + 1_000_000, 7)}`;
    if (s === Math.floor(count / 2)) {
      sample.patientId = patientId;
      sample.accessionNumber = accession;
    }
    const studyAttributes: DicomJsonDataset = {
      '00080020': { vr: 'DA', Value: [when.slice(0, 10).replace(/-/g, '')] },
      '00080030': { vr: 'TM', Value: [when.slice(11, 19).replace(/:/g, '')] },
      '00080050': { vr: 'SH', Value: [accession] },
      '00080090': { vr: 'PN', Value: [{ Alphabetic: `${pick(next, SURNAMES)}^${pick(next, GIVEN)}^^DR` }] },
      '00081030': { vr: 'LO', Value: [pick(next, DESCRIPTIONS[modalities[0]!] ?? ['STUDY'])] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: name }] },
      '00100020': { vr: 'LO', Value: [patientId] },
      '00100030': { vr: 'DA', Value: [birth] },
      '00100040': { vr: 'CS', Value: [patientRandom() < 0.5 ? 'F' : 'M'] },
      '0020000D': { vr: 'UI', Value: [study] },
      '00200010': { vr: 'SH', Value: [String(s + 1)] },
    };
    for (const [n, modality] of modalities.entries()) {
      const series = `${study}.${n + 1}`;
      const sop = `${series}.1`;
      yield {
        studyInstanceUID: study,
        seriesInstanceUID: series,
        sopInstanceUID: sop,
        sopClassUID: '1.2.840.10008.5.1.4.1.1.7',
        transferSyntaxUID: '1.2.840.10008.1.2.1',
        relativePath: `synthetic/${s + 1}/${n + 1}.dcm`,
        size: 0,
        sha256: '',
        dataset: {
          ...studyAttributes,
          '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.7'] },
          '00080018': { vr: 'UI', Value: [sop] },
          '00080060': { vr: 'CS', Value: [modality] },
          '0008103E': { vr: 'LO', Value: [`${modality} SERIES ${n + 1}`] },
          '0020000E': { vr: 'UI', Value: [series] },
          '00200011': { vr: 'IS', Value: [n + 1] },
          '00200013': { vr: 'IS', Value: [1] },
        },
      };
    }
  }
}
