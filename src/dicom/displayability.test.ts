import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from './json';
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
  it('shows every image SOP Class with pixel data, RT Image among them (PS3.4 B.5)', () => {
    const images = [
      '1.2.840.10008.5.1.4.1.1.481.1', // RT Image
      '1.2.840.10008.5.1.4.1.1.7', // Secondary Capture
      '1.2.840.10008.5.1.4.1.1.7.1', // Multi-frame Single Bit SC
      '1.2.840.10008.5.1.4.1.1.7.2', // Multi-frame Grayscale Byte SC
      '1.2.840.10008.5.1.4.1.1.7.3', // Multi-frame Grayscale Word SC
      '1.2.840.10008.5.1.4.1.1.7.4', // Multi-frame True Color SC
      '1.2.840.10008.5.1.4.1.1.77.1.1', // VL Endoscopic
      '1.2.840.10008.5.1.4.1.1.77.1.2', // VL Microscopic
      '1.2.840.10008.5.1.4.1.1.77.1.3', // VL Slide-Coordinates Microscopic
      '1.2.840.10008.5.1.4.1.1.77.1.4', // VL Photographic
      '1.2.840.10008.5.1.4.1.1.77.1.5.1', // Ophthalmic Photography 8 Bit
      '1.2.840.10008.5.1.4.1.1.77.1.5.2', // Ophthalmic Photography 16 Bit
      '1.2.840.10008.5.1.4.1.1.77.1.5.4', // Ophthalmic Tomography
      '1.2.840.10008.5.1.4.1.1.77.1.4.1', // Video Photographic, when not encoded as video
      '1.2.840.10008.5.1.4.1.1.77.1.7', // Dermoscopic Photography
      '1.2.840.10008.5.1.1.29', // Hardcopy Grayscale (retired)
      '1.2.840.10008.5.1.1.30', // Hardcopy Color (retired)
      '1.2.840.10008.5.1.4.1.1.12.1', // X-Ray Angiographic
      '1.2.840.10008.5.1.4.1.1.12.2', // X-Ray Radiofluoroscopic
      '1.2.840.10008.5.1.4.1.1.1.2', // Digital Mammography
      '1.2.840.10008.5.1.4.1.1.1.3', // Digital Intra-Oral
      '1.2.840.10008.5.1.4.1.1.20', // Nuclear Medicine
      '1.2.840.10008.5.1.4.1.1.128', // PET
      '1.2.840.10008.5.1.4.1.1.6.1', // Ultrasound
      '1.2.840.10008.5.1.4.1.1.3.1', // Ultrasound Multi-frame
      '1.2.840.10008.5.1.4.1.1.13.1.3', // Breast Tomosynthesis
    ];
    for (const sopClass of images) expect(displayabilityOf(image(sopClass)), sopClass).toEqual({ displayable: true });
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
    for (const rt of [
      '1.2.840.10008.5.1.4.1.1.481.3',
      '1.2.840.10008.5.1.4.1.1.481.5',
      '1.2.840.10008.5.1.4.1.1.481.10',
    ])
      expect(displayabilityOf(image(rt)), rt).toMatchObject({ reason: 'Radiotherapy object — not displayable' });
    expect(displayabilityOf(image('1.2.840.10008.5.1.4.1.1.66.1'))).toMatchObject({
      reason: 'Raw data or registration — not displayable',
    });
    expect(displayabilityOf(image('1.2.840.10008.5.1.4.1.1.11.1'))).toMatchObject({
      reason: 'Presentation state — not displayable',
    });
    expect(displayabilityOf(image('1.2.840.10008.5.1.4.1.1.30'))).toMatchObject({ displayable: false });
    expect(displayabilityOf(image('1.2.840.10008.5.1.4.1.1.77.1.6'))).toMatchObject({ displayable: false });
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
