import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { part10ToJson } from '../../dicom/part10Json';
import { KEY_OBJECT_TITLES } from '../../dicom/sr/codes';
import { buildReplyDocuments } from '../../dicom/sr/replyDocuments';
import type { StudyContext } from '../../dicom/sr/studyContext';
import type { StudyReport } from '../viewerState';
import { isReportInstance, newestFirst, readReport } from './studyReports';

const corpusSr = (name: string) => part10ToJson(readFileSync(path.join(corpusDir, 'kinds/sr', `${name}.dcm`))).dataset;

const study: StudyContext = {
  studyInstanceUID: '1.2.3',
  patientName: 'Doe^Jane',
  patientID: 'P1',
  patientBirthDate: '19700101',
  patientSex: 'F',
  studyDate: '20260101',
  studyTime: '101500',
  studyID: '7',
  accessionNumber: 'A1',
  referringPhysicianName: '',
  studyDescription: 'CT chest',
};
const image = (sopInstanceUID: string) => ({
  studyInstanceUID: '1.2.3',
  seriesInstanceUID: '1.2.3.4',
  sopInstanceUID,
  sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
});

describe('reports in a study', () => {
  it('lists a TID 1500 report as measurements with overlays shown', () => {
    const { report, keyImages } = readReport(corpusSr('sr-tid1500-measurement-report'));
    expect(report).toMatchObject({
      kind: 'measurements',
      title: 'Imaging Measurement Report',
      observer: 'User2',
      when: '2015-08-19T11:21:53',
      measurementCount: 1,
      overlaysShown: true,
    });
    expect(report.document?.templateId).toBe('1500');
    expect(keyImages).toEqual([]);
  });

  it('lists another SR as a document, overlays off', () => {
    const { report } = readReport(corpusSr('sr-comprehensive-nested'));
    expect(report).toMatchObject({ kind: 'document', title: 'Diagnosis', measurementCount: 0, overlaysShown: false });
  });

  it('tells SR and KOS instances from images and other structured objects', () => {
    expect(isReportInstance(corpusSr('sr-basic-text'))).toBe(true);
    expect(isReportInstance({ '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] } })).toBe(false);
    // Real World Value Mapping is no report.
    expect(isReportInstance(corpusSr('rwvm-pet-suv-factors'))).toBe(false);
  });

  it('reads back a reply: opinion and key image notes from the SR, key images from the KOS', () => {
    let counter = 0;
    const documents = buildReplyDocuments({
      study,
      observer: 'Dr Consultant',
      opinion: { findings: 'A 12 mm nodule', impression: 'Follow up' },
      keyImages: [
        { image: image('1.2.3.4.1'), note: 'nodule' },
        { image: image('1.2.3.4.2'), note: '' },
      ],
      keyObjectTitle: KEY_OBJECT_TITLES.forPeerReview,
      now: new Date(2026, 11, 6, 10, 12),
      newUid: () => `2.25.${++counter}`,
    });
    const sr = readReport(part10ToJson(documents.sr).dataset);
    expect(sr.report).toMatchObject({
      sopInstanceUID: documents.srRef.sopInstanceUID,
      observer: 'Dr Consultant',
      opinion: { findings: 'A 12 mm nodule', impression: 'Follow up' },
      keyImageCount: 1,
    });
    expect(sr.keyImages).toEqual([
      { image: image('1.2.3.4.1'), note: 'nodule', readOnly: true, reportUID: documents.srRef.sopInstanceUID },
    ]);
    const kos = readReport(part10ToJson(documents.kos!).dataset);
    expect(kos.report).toMatchObject({ kind: 'keyObjects', title: 'For Peer Review', keyImageCount: 2 });
    // The selection's one description belongs to the selection; per-image notes come from the SR.
    expect(kos.report.description).toContain('nodule');
    expect(kos.keyImages.map((item) => item.note)).toEqual(['', '']);
    expect(kos.keyImages.map((item) => item.image.sopInstanceUID)).toEqual(['1.2.3.4.1', '1.2.3.4.2']);
    expect(kos.keyImages.every((item) => item.readOnly && item.reportUID === documents.kosRef!.sopInstanceUID)).toBe(
      true,
    );
  });

  it('orders newest first, undated last', () => {
    const report = (sopInstanceUID: string, when?: string, kind: StudyReport['kind'] = 'document') =>
      ({ sopInstanceUID, when, kind }) as StudyReport;
    expect(
      newestFirst([report('a', '2020-01-01T00:00:00'), report('b'), report('c', '2026-01-01T00:00:00')]).map(
        (r) => r.sopInstanceUID,
      ),
    ).toEqual(['c', 'a', 'b']);
    const at = '2026-12-06T11:26:00';
    expect(
      newestFirst([report('kos', at, 'keyObjects'), report('sr', at, 'measurements')]).map((r) => r.sopInstanceUID),
    ).toEqual(['sr', 'kos']);
  });
});
