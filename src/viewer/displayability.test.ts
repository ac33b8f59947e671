import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../dicom/json';
import { displayabilityOf } from './displayability';

const image = (sopClass: string, extra: DicomJsonDataset = {}): DicomJsonDataset => ({
  '00080016': { vr: 'UI', Value: [sopClass] },
  '00280010': { vr: 'US', Value: [512] },
  '00280011': { vr: 'US', Value: [512] },
  '7FE00010': { vr: 'OW', BulkDataURI: 'http://archive/bulk' },
  ...extra,
});

describe('displayabilityOf', () => {
  it('shows images', () => {
    expect(displayabilityOf(image('1.2.840.10008.5.1.4.1.1.2'))).toEqual({ displayable: true });
    expect(displayabilityOf(image('1.2.840.10008.5.1.4.1.1.4.1'))).toEqual({ displayable: true });
  });
  it('names what cannot be shown', () => {
    expect(displayabilityOf(image('1.2.840.10008.5.1.4.1.1.88.22'))).toEqual({
      displayable: false,
      reason: 'Structured report — not displayable',
    });
    expect(displayabilityOf(image('1.2.840.10008.5.1.4.1.1.9.1.1'))).toMatchObject({
      reason: 'Waveform (ECG) — not displayable',
    });
    expect(displayabilityOf(image('1.2.840.10008.5.1.4.1.1.104.1'))).toMatchObject({
      reason: 'PDF document — not displayable',
    });
    expect(displayabilityOf(image('1.2.840.10008.5.1.4.1.1.481.2'))).toMatchObject({
      reason: 'Radiotherapy object — not displayable',
    });
    expect(displayabilityOf(image('1.2.840.10008.5.1.4.1.1.66.4'))).toMatchObject({
      reason: 'Segmentation — not displayable',
    });
  });
  it('needs pixel data and a matrix', () => {
    const { '7FE00010': _, ...noPixels } = image('1.2.840.10008.5.1.4.1.1.1');
    expect(displayabilityOf(noPixels)).toMatchObject({ reason: 'No image data — not displayable' });
    expect(
      displayabilityOf(image('1.2.840.10008.5.1.4.1.1.7', { '7FE00008': { vr: 'OF', BulkDataURI: 'x' } })),
    ).toMatchObject({ displayable: false });
    expect(
      displayabilityOf(
        image('1.2.840.10008.5.1.4.1.1.7', { '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.4.102'] } }),
      ),
    ).toMatchObject({ reason: 'Video — not displayable' });
  });
});
