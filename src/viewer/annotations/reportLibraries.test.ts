import { metaData } from '@cornerstonejs/core';
import dcmjs from 'dcmjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../dicom/json';
import { FrameLease, metadataProvider } from '../metadata/metadataStore';
import { statsFor, summaryOf } from './measurementSummary';
import { reportLibraries } from './reportLibraries';
import { addStatUnits, statUnitsByTrackingUid } from './statUnits';
import { KEY_OBJECT_TITLES } from '../../dicom/sr/codes';
import { part10ToJson } from '../../dicom/part10Json';
import type { DicomwebClient } from '../../dicomweb/client';
import { measurementToolState, sendReport } from './sendReport';
import { readReport } from './studyReports';

/**
 * The adapters write and read a TID 1500 report through the viewer's own metadata provider: every
 * module they ask for (instance, frameNumber, sopCommonModule, imagePlaneModule...) is answered.
 */
const IMAGE_ID = 'wadors:http://archive/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/1';
const SOP = '1.2.3.4.5';

const dataset: DicomJsonDataset = {
  '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
  '00080018': { vr: 'UI', Value: [SOP] },
  '00080060': { vr: 'CS', Value: ['CT'] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
  '00100020': { vr: 'LO', Value: ['P1'] },
  '0020000D': { vr: 'UI', Value: ['1.2.3'] },
  '0020000E': { vr: 'UI', Value: ['1.2.3.4'] },
  '00200032': { vr: 'DS', Value: [0, 0, 0] },
  '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] },
  '00200052': { vr: 'UI', Value: ['1.2.3.9'] },
  '00280010': { vr: 'US', Value: [512] },
  '00280011': { vr: 'US', Value: [512] },
  '00280030': { vr: 'DS', Value: [0.5, 0.5] },
};

const lease = new FrameLease();
const provider = (type: string, query: unknown) => metadataProvider(type, String(query));

beforeAll(() => {
  metaData.addProvider(provider, 10_000);
  lease.register(IMAGE_ID, {
    studyInstanceUID: '1.2.3',
    seriesInstanceUID: '1.2.3.4',
    sopInstanceUID: SOP,
    frameNumber: 1,
    dataset,
    voiLuts: [],
  });
});
afterAll(() => {
  lease.release();
  metaData.removeProvider(provider);
});

describe('TID 1500 through the viewer metadata', () => {
  it('writes a length and reads it back on the same image with the same value', async () => {
    const { MeasurementReport, metadata, naturalize } = await reportLibraries();
    const length = {
      annotationUID: 'a1',
      metadata: { toolName: 'Length', referencedImageId: IMAGE_ID, FrameOfReferenceUID: '1.2.3.9' },
      data: {
        label: 'aorta',
        handles: {
          points: [
            [5, 10, 0],
            [25, 10, 0],
          ],
          textBox: { hasMoved: false },
        },
        cachedStats: { [`imageId:${IMAGE_ID}`]: { length: 20, unit: 'mm' } },
      },
    };
    const toolState = measurementToolState([length], (tool) =>
      MeasurementReport.measurementAdapterByToolType.has(tool),
    );
    const report = (MeasurementReport.generateReport(toolState, metadata, {}) as { dataset: Record<string, unknown> })
      .dataset;
    expect(report.PatientName).toBeTruthy();
    // Back as DICOM JSON → naturalized, as a stored SR arrives from WADO-RS.
    const back = MeasurementReport.generateToolState(
      naturalize(dcmjsJson(report)),
      { [`${SOP}:1`]: IMAGE_ID },
      metadata,
      undefined,
    ) as Record<string, { annotation: { metadata: { referencedImageId: string }; data: Record<string, unknown> } }[]>;
    const [read] = back.Length ?? [];
    expect(read?.annotation.metadata.referencedImageId).toBe(IMAGE_ID);
    expect(read?.annotation.data.label).toBe('aorta');
    const points = (read?.annotation.data.handles as { points: number[][] }).points;
    expect(points.map((point) => point.map((value) => Math.round(value * 1000) / 1000))).toEqual([
      [5, 10, 0],
      [25, 10, 0],
    ]);
    const stats = statsFor(read?.annotation.data.cachedStats, IMAGE_ID);
    expect(summaryOf('Length', stats)).toBe('20.0 mm');
  });
});

describe('a stored ellipse reads with its units', () => {
  it('gives back the statistics with HU and mm², as the live measurement showed them', async () => {
    const { MeasurementReport, metadata, naturalize } = await reportLibraries();
    const stats = {
      area: 1934,
      mean: -1002.1,
      stdDev: 2.4,
      max: -990,
      min: -1010,
      modalityUnit: 'HU',
      areaUnit: 'mm²',
    };
    const ellipse = {
      annotationUID: 'e1',
      metadata: { toolName: 'EllipticalROI', referencedImageId: IMAGE_ID, FrameOfReferenceUID: '1.2.3.9' },
      data: {
        label: 'air',
        handles: {
          points: [
            [10, 0, 0],
            [10, 40, 0],
            [0, 20, 0],
            [20, 20, 0],
          ],
          textBox: { hasMoved: false },
        },
        cachedStats: { [`imageId:${IMAGE_ID}`]: stats },
      },
    };
    expect(summaryOf('EllipticalROI', stats)).toBe('Mean -1002.1 HU · SD 2.4 · 1934 mm²');
    const toolState = measurementToolState([ellipse], (tool) =>
      MeasurementReport.measurementAdapterByToolType.has(tool),
    );
    const report = (MeasurementReport.generateReport(toolState, metadata, {}) as { dataset: Record<string, unknown> })
      .dataset;
    // Back as the viewer reads a stored SR: DICOM JSON from the archive, naturalized, through the adapters.
    const stored = naturalize(dcmjsJson(report));
    const back = MeasurementReport.generateToolState(stored, { [`${SOP}:1`]: IMAGE_ID }, metadata, undefined) as Record<
      string,
      { annotation: { data: { cachedStats?: unknown } }; TrackingUniqueIdentifier?: string }[]
    >;
    const [read] = back.EllipticalROI ?? [];
    addStatUnits(
      read?.annotation.data.cachedStats,
      statUnitsByTrackingUid(stored).get(read?.TrackingUniqueIdentifier ?? ''),
    );
    expect(summaryOf('EllipticalROI', statsFor(read?.annotation.data.cachedStats, IMAGE_ID))).toBe(
      'Mean -1002.1 HU · SD 2.4 · 1934 mm²',
    );
  });
});

describe('sending through the viewer metadata', () => {
  it('stores an SR with the measurement, the opinion and the predecessor, and a KOS, into the study', async () => {
    const stored: { study: string | undefined; instances: readonly Uint8Array[] }[] = [];
    const client = {
      store: (study: string | undefined, instances: readonly Uint8Array[]) => {
        stored.push({ study, instances });
        return Promise.resolve({ stored: [], failed: [] });
      },
    } as unknown as DicomwebClient;
    const image = {
      studyInstanceUID: '1.2.3',
      seriesInstanceUID: '1.2.3.4',
      sopInstanceUID: SOP,
      sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
    };
    const predecessor = {
      ...image,
      seriesInstanceUID: '2.25.1',
      sopInstanceUID: '2.25.2',
      sopClassUID: '1.2.840.10008.5.1.4.1.1.88.22',
    };
    const sent = await sendReport({
      client,
      studyInstance: dataset,
      annotations: [
        {
          annotationUID: 'a1',
          metadata: { toolName: 'Length', referencedImageId: IMAGE_ID, FrameOfReferenceUID: '1.2.3.9' },
          data: {
            handles: {
              points: [
                [5, 10, 0],
                [25, 10, 0],
              ],
              textBox: { hasMoved: false },
            },
            cachedStats: { [`imageId:${IMAGE_ID}`]: { length: 20, unit: 'mm' } },
          },
        } as never,
      ],
      keyImages: [{ image, note: 'here' }],
      opinion: { findings: 'Aorta 20 mm', impression: 'Normal' },
      observer: 'Dr Consultant',
      keyObjectTitle: KEY_OBJECT_TITLES.forReferringProvider,
      predecessor,
    });
    expect(sent.annotationUIDs).toEqual(['a1']);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.study).toBe('1.2.3');
    expect(stored[0]?.instances).toEqual([sent.sr, sent.kos]);
    expect(sent.stored).toEqual([part10ToJson(sent.sr).dataset, part10ToJson(sent.kos!).dataset]);
    const { report } = readReport(sent.stored[0]!);
    expect(report).toMatchObject({
      studyInstanceUID: '1.2.3',
      kind: 'measurements',
      measurementCount: 1,
      observer: 'Dr Consultant',
      opinion: { findings: 'Aorta 20 mm', impression: 'Normal' },
    });
    expect(report.document?.predecessors).toEqual([predecessor]);
    expect(readReport(part10ToJson(sent.kos!).dataset).report).toMatchObject({ kind: 'keyObjects', keyImageCount: 1 });
  });
});

/** The naturalized report as DICOM JSON (what readers get from the archive). */
function dcmjsJson(naturalized: Record<string, unknown>): DicomJsonDataset {
  return JSON.parse(
    JSON.stringify(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(naturalized)),
  ) as DicomJsonDataset;
}
