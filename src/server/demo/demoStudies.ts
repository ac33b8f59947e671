import { demoUid } from './demoUid';

export type DemoStudyKey = 'ct-phantom' | 'mr-head' | 'us-cine' | 'dx-chest';

/** One generated file and where it belongs. */
export interface DemoInstance {
  readonly study: DemoStudyKey;
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly sopInstanceUID: string;
  /** A DICOM Part 10 file, Explicit VR Little Endian. */
  readonly file: Uint8Array;
}

interface DemoPatientStudy {
  readonly patientName: string;
  readonly patientId: string;
  readonly patientBirthDate: string;
  readonly patientSex: 'M' | 'F' | 'O';
  readonly patientAge: string;
  readonly accessionNumber: string;
  readonly studyId: string;
  readonly studyDate: string;
  readonly studyTime: string;
  readonly studyDescription: string;
}

/** Obviously fake people and visits: every name starts with DEMO, every ID with SR-DEMO. */
const demoPatientStudies: Readonly<Record<DemoStudyKey, DemoPatientStudy>> = {
  'ct-phantom': {
    patientName: 'DEMO^CT Phantom',
    patientId: 'SR-DEMO-0001',
    patientBirthDate: '19660412',
    patientSex: 'M',
    patientAge: '057Y',
    accessionNumber: 'SRDEMO0001',
    studyId: 'DEMO1',
    studyDate: '20230918',
    studyTime: '093015',
    studyDescription: 'CT Chest Abdomen (demo phantom)',
  },
  'mr-head': {
    patientName: 'DEMO^MR Head',
    patientId: 'SR-DEMO-0002',
    patientBirthDate: '19820127',
    patientSex: 'F',
    patientAge: '041Y',
    accessionNumber: 'SRDEMO0002',
    studyId: 'DEMO2',
    studyDate: '20230919',
    studyTime: '141500',
    studyDescription: 'MR Brain (demo phantom)',
  },
  'us-cine': {
    patientName: 'DEMO^US Cine',
    patientId: 'SR-DEMO-0003',
    patientBirthDate: '19750803',
    patientSex: 'M',
    patientAge: '048Y',
    accessionNumber: 'SRDEMO0003',
    studyId: 'DEMO3',
    studyDate: '20230920',
    studyTime: '103045',
    studyDescription: 'US Echo (demo phantom)',
  },
  'dx-chest': {
    patientName: 'DEMO^Chest Radiograph',
    patientId: 'SR-DEMO-0004',
    patientBirthDate: '19590630',
    patientSex: 'F',
    patientAge: '064Y',
    accessionNumber: 'SRDEMO0004',
    studyId: 'DEMO4',
    studyDate: '20230921',
    studyTime: '081210',
    studyDescription: 'XR Chest PA (demo phantom)',
  },
};

export interface DemoUids {
  readonly study: string;
  readonly series: string;
  readonly frameOfReference: string;
  instance(instanceNumber: number): string;
}

/**
 * Stable UIDs of a demo study. `variant` names non-default generator options (e.g. a 500-slice
 * CT), so differently sized copies never share a SOP Instance UID in one archive.
 */
export function demoUids(study: DemoStudyKey, variant = ''): DemoUids {
  const root = `secondread-demo/${study}${variant ? `/${variant}` : ''}`;
  return {
    study: demoUid(`${root}/study`),
    series: demoUid(`${root}/series`),
    frameOfReference: demoUid(`${root}/frame-of-reference`),
    instance: (instanceNumber) => demoUid(`${root}/instance/${instanceNumber}`),
  };
}

/**
 * Patient, General Study, Patient Study and General Equipment attributes (PS3.3 C.7.1.1,
 * C.7.2.1, C.7.2.2, C.7.5.1), plus the dates and times every series shares.
 */
export function studyAttributes(study: DemoStudyKey, uids: DemoUids): Record<string, unknown> {
  const info = demoPatientStudies[study];
  return {
    PatientName: info.patientName,
    PatientID: info.patientId,
    PatientBirthDate: info.patientBirthDate,
    PatientSex: info.patientSex,
    PatientAge: info.patientAge,
    PatientIdentityRemoved: 'NO',
    StudyInstanceUID: uids.study,
    StudyDate: info.studyDate,
    StudyTime: info.studyTime,
    ReferringPhysicianName: 'DEMO^Referrer^^Dr',
    StudyID: info.studyId,
    AccessionNumber: info.accessionNumber,
    StudyDescription: info.studyDescription,
    SeriesDate: info.studyDate,
    SeriesTime: info.studyTime,
    AcquisitionDate: info.studyDate,
    AcquisitionTime: info.studyTime,
    ContentDate: info.studyDate,
    ContentTime: info.studyTime,
    InstanceCreationDate: info.studyDate,
    InstanceCreationTime: info.studyTime,
    Manufacturer: 'SecondRead',
    ManufacturerModelName: 'Demo Phantom Generator',
    SoftwareVersions: '1',
    InstitutionName: 'SecondRead Demo',
    InstitutionalDepartmentName: 'Demo Imaging',
    StationName: `SRDEMO-${study.slice(0, 2).toUpperCase()}`,
  };
}
