import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir, entryFiles, manifest } from '../../test/support/corpus';
import { writeDicomdir } from './dicomdir';
import { readPart10Identity } from './part10Identity';

const read = (relative: string) => new Uint8Array(readFileSync(path.join(corpusDir, relative)));

describe('readPart10Identity', () => {
  it('reads the identifying attributes of a corpus series file', () => {
    const liver = manifest.entries.find((entry) => entry.path === 'series/ct-liver-3slice-with-seg/')!;
    const [file] = entryFiles(liver);
    const reading = readPart10Identity(new Uint8Array(readFileSync(file!)));
    expect(reading.kind).toBe('instance');
    if (reading.kind !== 'instance') return;
    expect(reading.identity).toMatchObject({
      studyInstanceUID: liver.studyInstanceUID,
      seriesInstanceUID: liver.seriesInstanceUID,
      modality: 'CT',
      transferSyntaxUID: '1.2.840.10008.1.2',
    });
    expect(liver.files!.map((f) => f.sopInstanceUID)).toContain(reading.identity.sopInstanceUID);
  });

  it.each([
    ['malformed/derived-not-dicom-jpeg-file.dcm', /^Not a DICOM file/],
    ['malformed/derived-empty-file.dcm', /empty/],
    ['malformed/derived-unknown-transfer-syntax__ct-small.dcm', /Unsupported transfer syntax/],
  ])('says why %s cannot be sent', (file, reason) => {
    const reading = readPart10Identity(read(file));
    expect(reading).toEqual({ kind: 'unreadable', reason: expect.stringMatching(reason) as string });
  });

  it('says which UID a data set lacks', () => {
    const reading = readPart10Identity(new TextEncoder().encode('plain text, not an image'));
    expect(reading.kind).toBe('unreadable');
  });

  it('lists the files a DICOMDIR references', () => {
    const dicomdir = writeDicomdir({
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
              studyDate: '20240101',
              studyTime: '',
              studyDescription: '',
              studyID: '',
              accessionNumber: '',
              series: [
                {
                  seriesInstanceUID: '1.2.3.4',
                  modality: 'CT',
                  seriesNumber: '1',
                  images: ['IM1', 'IM2'].map((name, n) => ({
                    fileId: ['DICOM', 'S1', name],
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
    expect(readPart10Identity(dicomdir)).toEqual({ kind: 'dicomdir', fileIds: ['DICOM/S1/IM1', 'DICOM/S1/IM2'] });
  });
});
