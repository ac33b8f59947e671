import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../dicom/json';
import type { FrameMetadata } from '../metadata/frameMetadata';
import { ImageIndex, imageKey, imageRefOfFrame } from './imageIndex';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const ENHANCED_CT = '1.2.840.10008.5.1.4.1.1.2.1';

const frame = (sopInstanceUID: string, frameNumber: number, dataset: DicomJsonDataset): FrameMetadata => ({
  studyInstanceUID: '1',
  seriesInstanceUID: '1.1',
  sopInstanceUID,
  frameNumber,
  dataset,
  voiLuts: [],
});
const single = (sop: string) => frame(sop, 1, { '00080016': { vr: 'UI', Value: [CT] } });
const multi = (sop: string, frameNumber: number) =>
  frame(sop, frameNumber, { '00080016': { vr: 'UI', Value: [ENHANCED_CT] }, '00280008': { vr: 'IS', Value: ['3'] } });

describe('image references', () => {
  it('names the frame of a multi-frame instance only', () => {
    expect(imageRefOfFrame(single('a'))).toEqual({
      studyInstanceUID: '1',
      seriesInstanceUID: '1.1',
      sopInstanceUID: 'a',
      sopClassUID: CT,
    });
    expect(imageRefOfFrame(multi('m', 2))).toMatchObject({
      sopInstanceUID: 'm',
      sopClassUID: ENHANCED_CT,
      frameNumber: 2,
    });
    expect(imageKey({ sopInstanceUID: 'a' })).toBe('a:1');
  });

  it('maps image ids to references and back, with stack positions', () => {
    const frames: Record<string, FrameMetadata> = {
      'wadors:a': single('a'),
      'wadors:m1': multi('m', 1),
      'wadors:m2': multi('m', 2),
    };
    const index = new ImageIndex();
    index.addSeries('1.1', ['wadors:a', 'wadors:m1', 'wadors:m2', 'wadors:unregistered'], (id) => frames[id]);
    expect(index.refOf('wadors:m2')).toMatchObject({ sopInstanceUID: 'm', frameNumber: 2 });
    expect(index.refOf('wadors:unregistered')).toBeUndefined();
    expect(index.has('wadors:a')).toBe(true);
    expect(index.has(undefined)).toBe(false);
    expect(index.positionOf({ sopInstanceUID: 'm', frameNumber: 2 })).toEqual({
      seriesInstanceUID: '1.1',
      index: 2,
      imageId: 'wadors:m2',
    });
    expect(index.positionOf({ sopInstanceUID: 'a' })?.imageId).toBe('wadors:a');
    expect(index.sopInstanceUIDToImageIdMap()).toEqual({ 'a:1': 'wadors:a', 'm:1': 'wadors:m1', 'm:2': 'wadors:m2' });
  });
});
