import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../test/support/corpus';
import { writeDicomdir } from '../dicom/dicomdir';
import { part10ToJson } from '../dicom/part10Json';
import {
  DICOMDIR_REASON,
  groupLocalInstances,
  isDicomdirName,
  localInstanceProblem,
  type LocalInstance,
} from './localInstances';

const LIVER = 'series/ct-liver-3slice-with-seg';
const HEAD = 'series/ct-philips-head-phantom-1mm';
const LIVER_STUDY = '1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1';

/** A folder's files as a browser lists a picked folder: by name, so I100 comes before I20. */
function folder(relative: string): LocalInstance[] {
  return readdirSync(path.join(corpusDir, relative))
    .sort()
    .map((file) => ({
      name: `${relative}/${file}`,
      dataset: part10ToJson(readFileSync(path.join(corpusDir, relative, file))).dataset,
    }));
}

const baseName = (instance: LocalInstance) => path.basename(instance.name);

describe('groupLocalInstances', () => {
  const grouped = groupLocalInstances([...folder(LIVER), ...folder(HEAD)]);

  it('lists studies in the order their files came, each study’s series in series-number order', () => {
    expect(grouped.studyInstanceUIDs).toHaveLength(2);
    expect(grouped.studyInstanceUIDs[0]).toBe(LIVER_STUDY);
    expect(grouped.series.map(({ entry }) => [entry.studyInstanceUID === LIVER_STUDY, entry.seriesNumber])).toEqual([
      [true, 1],
      [true, 2],
      [true, 100],
      [false, expect.any(Number) as number],
    ]);
    expect(grouped.series.map(({ entry }) => [entry.modality, entry.imageCount, entry.status])).toEqual([
      ['SEG', 1, 'pending'],
      ['CT', 3, 'pending'],
      ['SEG', 1, 'pending'],
      ['CT', 140, 'pending'],
    ]);
    expect(grouped.duplicates).toEqual([]);
  });

  it('orders a series’ instances as the DICOMweb path does: head to feet along the slice normal', () => {
    // The phantom's z grows with the instance number, and I<10 × n> is instance n.
    const head = grouped.series[3]!.instances.map(baseName);
    expect(head.slice(0, 3)).toEqual(['I1400.dcm', 'I1390.dcm', 'I1380.dcm']);
    expect(head.at(-1)).toBe('I10.dcm');
    expect(head).toHaveLength(140);
    // The liver slices run the other way: ct-01 is the highest.
    expect(grouped.series[1]!.instances.map(baseName)).toEqual(['ct-01.dcm', 'ct-02.dcm', 'ct-03.dcm']);
  });

  it('keeps the first file of an instance given twice and reports the others', () => {
    const liver = folder(LIVER);
    const copy = { ...liver[1]!, name: 'copy/ct-02.dcm' };
    const { series, duplicates } = groupLocalInstances([...liver, copy]);
    expect(duplicates).toEqual([copy]);
    expect(series.find(({ entry }) => entry.modality === 'CT')?.instances).toHaveLength(3);
  });
});

describe('localInstanceProblem', () => {
  it('accepts an image with its three UIDs', () => {
    expect(localInstanceProblem(folder(LIVER)[0]!.dataset)).toBeUndefined();
  });

  it('explains a DICOMDIR, which lists the images instead of being one', () => {
    // What writeDicomdir writes has only group 0004 (no data set to the Part 10 reader), so the name tells.
    const dicomdir = writeDicomdir({
      fileSetID: 'DISC',
      sopInstanceUID: '2.25.1',
      implementationClassUID: '2.25.2',
      implementationVersionName: 'TEST',
      patients: [],
    });
    expect(() => part10ToJson(dicomdir)).toThrow(/Not a DICOM file/);
    expect(['DICOMDIR', 'CD/dicomdir', 'DICOMDIR.bak', 'MYDICOMDIR'].map(isDicomdirName)).toEqual([
      true,
      true,
      false,
      false,
    ]);
    const withCharset = { '00080005': { vr: 'CS', Value: ['ISO_IR 100'] }, '00041220': { vr: 'SQ', Value: [] } };
    expect(localInstanceProblem(withCharset)).toBe(DICOMDIR_REASON);
  });

  it.each([
    ['0020000D', 'No Study Instance UID (0020,000D)'],
    ['0020000E', 'No Series Instance UID (0020,000E)'],
    ['00080018', 'No SOP Instance UID (0008,0018)'],
  ])('names a missing %s', (tag, reason) => {
    const dataset = Object.fromEntries(Object.entries(folder(LIVER)[0]!.dataset).filter(([key]) => key !== tag));
    expect(localInstanceProblem(dataset)).toBe(reason);
  });
});
