import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { corpusDir, entryFiles, manifest } from '../../../test/support/corpus';
import { writeDicomdir } from '../../dicom/dicomdir';
import { groupInstances } from './groupInstances';
import type { PickedFile } from './pickedFile';
import { scanFiles } from './scanFiles';

const liver = manifest.entries.find((entry) => entry.path === 'series/ct-liver-3slice-with-seg/')!;
const liverFiles = entryFiles(liver);
const bytesOf = (file: string) => new Uint8Array(readFileSync(file));
const picked = (pathName: string, bytes: Uint8Array): PickedFile => ({
  path: pathName,
  file: new Blob([bytes as Uint8Array<ArrayBuffer>]),
});
const liverPicks = (folder: string) =>
  // CD file names: at most 8 of A-Z, 0-9 and _ (PS3.10 8.3).
  liverFiles.map((file, n) => picked(`${folder}/IM${n}`, bytesOf(file)));

/** A DICOMDIR naming `names` under `DICOM/` as images of one series. */
function dicomdirFor(names: string[]): Uint8Array {
  return writeDicomdir({
    fileSetID: 'CD',
    sopInstanceUID: '2.25.1',
    implementationClassUID: '2.25.2',
    implementationVersionName: 'TEST',
    patients: [
      {
        patientID: 'P1',
        patientName: 'Doe^Jane',
        studies: [
          {
            studyInstanceUID: '1.2.3',
            studyDate: '',
            studyTime: '',
            studyDescription: '',
            studyID: '',
            accessionNumber: '',
            series: [
              {
                seriesInstanceUID: '1.2.3.4',
                modality: 'CT',
                seriesNumber: '1',
                images: names.map((name, n) => ({
                  fileId: ['DICOM', name],
                  sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
                  sopInstanceUID: `1.2.3.4.${n}`,
                  transferSyntaxUID: '1.2.840.10008.1.2.1',
                  instanceNumber: String(n + 1),
                })),
              },
            ],
          },
        ],
      },
    ],
  });
}

describe('scanFiles', () => {
  it('finds the DICOM files and says why each other file is skipped', async () => {
    const notDicom = 'malformed/derived-not-dicom-jpeg-file.dcm';
    const scan = await scanFiles([
      ...liverPicks('cd'),
      picked('cd/readme.txt', new TextEncoder().encode('Open the viewer on the CD')),
      picked('cd/broken.dcm', bytesOf(path.join(corpusDir, notDicom))),
      picked('cd/copy.dcm', bytesOf(liverFiles[0]!)),
    ]);
    expect(scan.instances.map((i) => i.path)).toEqual(liverPicks('cd').map((p) => p.path));
    expect(scan.skipped).toEqual([
      { path: 'cd/readme.txt', reason: expect.stringMatching(/^Not a DICOM file/) as string },
      { path: 'cd/broken.dcm', reason: expect.stringMatching(/^Not a DICOM file/) as string },
      { path: 'cd/copy.dcm', reason: `The same image as ${liverPicks('cd')[0]!.path}` },
    ]);
    expect(scan.notes).toEqual([]);
  });

  it('unpacks a zip in the browser, entry by entry', async () => {
    const zip = zipSync({
      'study/': {},
      ...Object.fromEntries(liverFiles.map((file) => [`study/${path.basename(file)}`, bytesOf(file)])),
      'study/notes.txt': new TextEncoder().encode('hello'),
    });
    const scan = await scanFiles([picked('cd.zip', zip)]);
    expect(scan.instances.map((i) => i.path).sort()).toEqual(
      liverFiles.map((file) => `cd.zip/study/${path.basename(file)}`).sort(),
    );
    expect(scan.skipped.map((s) => s.path)).toEqual(['cd.zip/study/notes.txt']);
    expect(scan.instances.map((i) => i.identity.seriesInstanceUID)).toEqual(
      liverFiles.map(() => liver.seriesInstanceUID),
    );
  });

  it('reports a damaged zip as one skipped file', async () => {
    const zip = zipSync({ 'a.dcm': bytesOf(liverFiles[0]!) });
    const scan = await scanFiles([picked('cd.zip', zip.subarray(0, 200))]);
    expect(scan.instances).toEqual([]);
    expect(scan.skipped).toHaveLength(1);
    expect(scan.skipped[0]!.path).toMatch(/^cd\.zip/);
  });

  it('skips a DICOMDIR whose images were picked with it, with no note', async () => {
    const names = liverPicks('CD/DICOM').map((p) => p.path.split('/').pop()!);
    const scan = await scanFiles([picked('CD/DICOMDIR', dicomdirFor(names)), ...liverPicks('CD/DICOM')]);
    expect(scan.instances).toHaveLength(liverFiles.length);
    expect(scan.skipped).toEqual([{ path: 'CD/DICOMDIR', reason: expect.stringMatching(/DICOMDIR/) as string }]);
    expect(scan.notes).toEqual([]);
  });

  it('explains a DICOMDIR picked without its images', async () => {
    const scan = await scanFiles([picked('DICOMDIR', dicomdirFor(['IM1', 'IM2']))]);
    expect(scan.instances).toEqual([]);
    expect(scan.notes).toEqual([expect.stringMatching(/only the CD’s index.*Pick the whole folder/) as string]);
  });

  it('names the images a DICOMDIR lists that were not picked', async () => {
    const names = liverPicks('CD/DICOM').map((p) => p.path.split('/').pop()!);
    const scan = await scanFiles([picked('CD/DICOMDIR', dicomdirFor([...names, 'IM9'])), ...liverPicks('CD/DICOM')]);
    expect(scan.notes).toEqual([
      expect.stringMatching(/lists 1 file that was not picked \(such as DICOM\/IM9\)/) as string,
    ]);
  });
});

describe('groupInstances', () => {
  it('lists patients, studies and series with their image counts', async () => {
    const series = manifest.entries.filter((entry) => entry.type === 'series');
    const files = series.flatMap((entry) => entryFiles(entry).slice(0, 4));
    const scan = await scanFiles(files.map((file) => picked(file, bytesOf(file))));
    const patients = groupInstances(scan.instances);
    const found = patients.flatMap((p) =>
      p.studies.flatMap((s) => s.series.map((x) => [s.uid, x.uid, x.instances.length])),
    );
    expect(found.sort()).toEqual(
      series.map((entry) => [entry.studyInstanceUID, entry.seriesInstanceUID, Math.min(4, entry.files!.length)]).sort(),
    );
    for (const patient of patients)
      for (const study of patient.studies) {
        expect(study.instanceCount).toBe(study.series.reduce((n, s) => n + s.instances.length, 0));
        for (const one of study.series) {
          const numbers = one.instances.map((i) => i.identity.instanceNumber ?? 0);
          expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
        }
      }
  });
});
