import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { adaptersSR } from '@cornerstonejs/adapters';
import { metaData, utilities, type Types } from '@cornerstonejs/core';
import dcmjs from 'dcmjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstString, type DicomJsonDataset } from '../../src/dicom/json';
import { part10ToJson } from '../../src/dicom/part10Json';
import { KEY_OBJECT_TITLES } from '../../src/dicom/sr/codes';
import { readKeyObjectSelection } from '../../src/dicom/sr/keyObjectSelection';
import { keyImageNotesOf, opinionOf } from '../../src/dicom/sr/opinion';
import type { ImageRef } from '../../src/dicom/sr/references';
import { buildReplyDocuments, type ReplyDocuments } from '../../src/dicom/sr/replyDocuments';
import { isMeasurementReport, readSrDocument } from '../../src/dicom/sr/srDocument';
import { studyContextOf } from '../../src/dicom/sr/studyContext';
import { newUid } from '../../src/dicom/uid';
import { entryFiles, manifest } from '../support/corpus';
import { dciodvfy, dsrdump } from '../support/dicomValidators';
import { srMetadataProvider } from '../support/srMetadataProvider';

/**
 * A consultant's reply as the viewer builds it, in Node: the real adapters write the measurement
 * part (a Length and an ellipse on two slices of the corpus CT), buildReplyDocuments adds the opinion
 * and key images and writes Part 10; dcmtk and dicom3tools judge the result, and the adapters read
 * the measurements back.
 */
const { MeasurementReport } = adaptersSR.Cornerstone3D;
const ct = manifest.entries.find((entry) => entry.path === 'series/ct-philips-head-phantom-1mm/');
if (!ct) throw new Error('the corpus lacks the 140-slice CT');
const files = entryFiles(ct);
const provider = srMetadataProvider([files[9] ?? '', files[69] ?? '', files[109] ?? '']);
const [lengthImage = '', ellipseImage = ''] = provider.imageIds;
const [lengthSlice = {}, ellipseSlice = {}, noteSlice = {}] = provider.datasets;
const world = (imageId: string, x: number, y: number) => utilities.imageToWorldCoords(imageId, [x, y]) as Types.Point3;

const LENGTH_MM = 50.12345;
const ELLIPSE_AREA = 1234.5;
const lengthPoints = () => [world(lengthImage, 100, 100), world(lengthImage, 200, 150)];
// Taller than wide, so the adapters keep the handle order (they put the long axis first).
const ellipsePoints = () => [
  world(ellipseImage, 250, 180),
  world(ellipseImage, 250, 320),
  world(ellipseImage, 200, 250),
  world(ellipseImage, 300, 250),
];

function measurementReport() {
  const annotation = (toolName: string, imageId: string, points: Types.Point3[], stats: Record<string, unknown>) => ({
    annotationUID: newUid(),
    metadata: { toolName, referencedImageId: imageId, FrameOfReferenceUID: firstString(lengthSlice, '00200052') },
    data: {
      label: '',
      handles: { points, textBox: { hasMoved: false } },
      cachedStats: { [`imageId:${imageId}`]: stats },
    },
  });
  const toolState = {
    [lengthImage]: {
      Length: { data: [annotation('Length', lengthImage, lengthPoints(), { length: LENGTH_MM, unit: 'mm' })] },
    },
    [ellipseImage]: {
      EllipticalROI: {
        data: [
          annotation('EllipticalROI', ellipseImage, ellipsePoints(), {
            area: ELLIPSE_AREA,
            areaUnit: 'mm²',
            mean: 35.25,
            stdDev: 4.5,
            max: 60,
            min: 1,
            modalityUnit: 'HU',
          }),
        ],
      },
    },
  };
  return MeasurementReport.generateReport(toolState, provider, {
    PersonName: 'Dr Consultant',
    SeriesNumber: 9001,
    SeriesDescription: 'ignored',
    InstanceNumber: 1,
    Manufacturer: 'SecondRead',
  }).dataset as Record<string, unknown>;
}

const imageRef = (dataset: DicomJsonDataset): ImageRef => ({
  studyInstanceUID: firstString(dataset, '0020000D') ?? '',
  seriesInstanceUID: firstString(dataset, '0020000E') ?? '',
  sopInstanceUID: firstString(dataset, '00080018') ?? '',
  sopClassUID: firstString(dataset, '00080016') ?? '',
});

let removeProvider: () => void = () => undefined;
let first: ReplyDocuments;
let second: ReplyDocuments;
let multiFrame: ReplyDocuments;

/** An opinion without measurements on a frame of a two-frame Enhanced CT: the other shape a reply takes. */
function multiFrameReply(): ReplyDocuments {
  const entry = manifest.entries.find(
    (candidate) => candidate.path === 'syntaxes/jpeg-extended__ct-fragmented-no-bot.dcm',
  );
  const dataset = part10ToJson(readFileSync(entry ? (entryFiles(entry)[0] ?? '') : '')).dataset;
  return buildReplyDocuments({
    study: studyContextOf(dataset),
    observer: 'Dr Consultant',
    opinion: { findings: '', impression: 'Normal.' },
    keyImages: [{ image: { ...imageRef(dataset), frameNumber: 2 }, note: 'Second frame' }],
    keyObjectTitle: KEY_OBJECT_TITLES.forPeerReview,
    now: new Date(2026, 11, 6, 12, 0, 0),
    newUid,
  });
}

beforeAll(() => {
  // Cornerstone's world↔image conversions read imagePlaneModule through its global registry.
  const lookup = (type: string, imageId: unknown) =>
    typeof imageId === 'string' ? provider.get(type, imageId) : undefined;
  metaData.addProvider(lookup, 10_000);
  removeProvider = () => metaData.removeProvider(lookup);
  const common = {
    study: studyContextOf(lengthSlice),
    observer: 'Dr Müller, consulting radiologist',
    keyObjectTitle: KEY_OBJECT_TITLES.forReferringProvider,
    newUid,
  };
  first = buildReplyDocuments({
    ...common,
    opinion: { findings: 'Two phantom structures measured.', impression: 'No abnormality. Ärztliche Meinung.' },
    keyImages: [
      { image: imageRef(lengthSlice), note: 'Measured length here' },
      { image: imageRef(ellipseSlice), note: '' },
    ],
    measurementReport: measurementReport(),
    now: new Date(2026, 11, 6, 10, 12, 0),
  });
  second = buildReplyDocuments({
    ...common,
    opinion: { findings: 'Addendum.', impression: '' },
    // A note on an image nothing was measured on: only the note puts it in the SR's evidence.
    keyImages: [{ image: imageRef(noteSlice), note: 'Compare with this slice' }],
    measurementReport: measurementReport(),
    predecessor: first.srRef,
    now: new Date(2026, 11, 6, 11, 0, 0),
  });
});

afterAll(() => removeProvider());
beforeAll(() => {
  multiFrame = multiFrameReply();
});

describe('reply documents judged by dcmtk and dicom3tools', () => {
  it.each([
    ['SR', () => first.sr],
    ['KOS', () => first.kos ?? new Uint8Array()],
    ['second SR', () => second.sr],
    ['second KOS', () => second.kos ?? new Uint8Array()],
    ['SR without measurements', () => multiFrame.sr],
    ['KOS of a multi-frame image', () => multiFrame.kos ?? new Uint8Array()],
  ])('%s: dsrdump and dciodvfy report no error', async (name, bytes) => {
    const [dump, iod] = await Promise.all([dsrdump(bytes()), dciodvfy(bytes())]);
    console.log(`${name} dsrdump warnings:`, dump.warnings, `\n${name} dciodvfy warnings:`, iod.warnings);
    expect(dump.errors).toEqual([]);
    expect(iod.errors).toEqual([]);
  });

  it('the validators do report errors: the corpus Basic Text SR references an image with UID "0"', async () => {
    const broken = manifest.entries.find((entry) => entry.path === 'kinds/sr/sr-basic-text.dcm');
    const file = broken && entryFiles(broken)[0];
    if (!file) throw new Error('the corpus lacks the Basic Text SR');
    const [dump, iod] = await Promise.all([dsrdump(file), dciodvfy(file)]);
    expect(dump.errors).toContainEqual(expect.stringContaining('Invalid Value'));
    expect(iod.errors).toContainEqual(expect.stringContaining('Nothing but zero components'));
  });

  it('dcm2json sees the source study and patient, in new series', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'secondread-reply-'));
    try {
      for (const [name, bytes] of [
        ['sr', first.sr],
        ['kos', first.kos],
        ['second', second.sr],
      ] as const) {
        const file = path.join(dir, `${name}.dcm`);
        await writeFile(file, bytes ?? new Uint8Array());
        const { stdout } = await promisify(execFile)('dcm2json', [file]);
        const dataset = JSON.parse(stdout) as DicomJsonDataset;
        for (const tag of [
          '00100010',
          '00100020',
          '00100040',
          '0020000D',
          '00080020',
          '00080030',
          '00200010',
          '00081030',
        ]) {
          expect(firstString(dataset, tag), `${name} ${tag}`).toBe(firstString(lengthSlice, tag));
        }
        expect(firstString(dataset, '0020000E')).not.toBe(firstString(lengthSlice, '0020000E'));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const series = [first.srRef, first.kosRef, second.srRef, second.kosRef].map((ref) => ref?.seriesInstanceUID);
    expect(new Set(series).size).toBe(4);
  });
});

describe('reply documents read back', () => {
  it('the SR: a measurement report with the opinion, the note on its image, the observer', () => {
    const document = readSrDocument(part10ToJson(first.sr).dataset);
    expect(isMeasurementReport(document)).toBe(true);
    expect(document.observers).toEqual(['Dr Müller, consulting radiologist']);
    expect(opinionOf(document)).toEqual({
      findings: 'Two phantom structures measured.',
      impression: 'No abnormality. Ärztliche Meinung.',
    });
    expect(keyImageNotesOf(document)).toEqual([{ image: imageRef(lengthSlice), note: 'Measured length here' }]);
  });

  it('the KOS: both key images in the content tree and the evidence', () => {
    const dataset = part10ToJson(first.kos ?? new Uint8Array()).dataset;
    const selection = readKeyObjectSelection(dataset);
    expect(selection.title).toEqual(KEY_OBJECT_TITLES.forReferringProvider);
    expect(selection.description).toBe('Key image 1: Measured length here');
    expect(selection.images).toEqual([imageRef(lengthSlice), imageRef(ellipseSlice)]);
    const evidence = (dataset['0040A375']?.Value ?? []) as DicomJsonDataset[];
    expect(evidence).toHaveLength(1);
    const series = (evidence[0]?.['00081115']?.Value ?? []) as DicomJsonDataset[];
    const instances = ((series[0]?.['00081199']?.Value ?? []) as DicomJsonDataset[]).map((sop) =>
      firstString(sop, '00081155'),
    );
    expect(instances).toEqual([imageRef(lengthSlice).sopInstanceUID, imageRef(ellipseSlice).sopInstanceUID]);
  });

  it('the second SR names the first as predecessor and keeps its own note', () => {
    const document = readSrDocument(part10ToJson(second.sr).dataset);
    expect(document.predecessors).toEqual([first.srRef]);
    expect(keyImageNotesOf(document)).toEqual([{ image: imageRef(noteSlice), note: 'Compare with this slice' }]);
  });

  it('the adapters read back the same length and ellipse on the same images', () => {
    const natural = dcmjs.data.DicomMetaDictionary.naturalizeDataset(part10ToJson(first.sr).dataset);
    const state = MeasurementReport.generateToolState(
      natural,
      provider.sopInstanceUIDToImageIdMap,
      provider,
      {},
    ) as Record<
      string,
      {
        annotation: {
          metadata: { referencedImageId: string };
          data: { handles: { points: number[][] }; cachedStats: Record<string, Record<string, number>> };
        };
      }[]
    >;
    const [length] = state.Length ?? [];
    const [ellipse] = state.EllipticalROI ?? [];
    expect(length?.annotation.metadata.referencedImageId).toBe(lengthImage);
    expect(ellipse?.annotation.metadata.referencedImageId).toBe(ellipseImage);
    expect(length?.annotation.data.cachedStats[`imageId:${lengthImage}`]?.length).toBeCloseTo(LENGTH_MM, 6);
    expect(ellipse?.annotation.data.cachedStats[`imageId:${ellipseImage}`]?.area).toBeCloseTo(ELLIPSE_AREA, 6);
    const close = (actual: number[][] | undefined, expected: number[][]) => {
      expect(actual).toHaveLength(expected.length);
      expected.forEach((point, i) => point.forEach((value, axis) => expect(actual?.[i]?.[axis]).toBeCloseTo(value, 4)));
    };
    close(length?.annotation.data.handles.points, lengthPoints());
    close(ellipse?.annotation.data.handles.points, ellipsePoints());
  });
});
