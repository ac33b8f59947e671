import { describe, expect, it } from 'vitest';
import type { ImageRef } from '../../dicom/sr/references';
import { measurementsOf, sameMeasurements, type AnnotationLike } from './measurementList';
import { statsFor, summaryOf } from './measurementSummary';

const image = (sopInstanceUID: string): ImageRef => ({
  studyInstanceUID: '1',
  seriesInstanceUID: '1.1',
  sopInstanceUID,
  sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
});

describe('measurement summaries', () => {
  it('gives lengths in their unit to a tenth', () => {
    expect(summaryOf('Length', { length: 42.1234, unit: 'mm' })).toBe('42.1 mm');
    expect(summaryOf('Length', { length: 12, unit: 'px' })).toBe('12.0 px');
    // Read back from an SR: the DS text.
    expect(summaryOf('Length', { length: '20', unit: 'mm' })).toBe('20.0 mm');
    expect(summaryOf('Length', { length: '', unit: 'mm' })).toBe('');
  });
  it('gives ROI mean, SD and area with the modality unit', () => {
    expect(
      summaryOf('EllipticalROI', { mean: 35.24, stdDev: 4.06, area: 120.4, areaUnit: 'mm²', modalityUnit: 'HU' }),
    ).toBe('Mean 35.2 HU · SD 4.1 · 120 mm²');
    expect(summaryOf('RectangleROI', { mean: 7, stdDev: 1, area: 4.44, areaUnit: 'px²', modalityUnit: 'raw' })).toBe(
      'Mean 7.0 · SD 1.0 · 4.4 px²',
    );
  });
  it('gives angles in degrees and probe values with their unit', () => {
    expect(summaryOf('Angle', { angle: 90.04 })).toBe('90.0°');
    expect(summaryOf('Angle', { angle: 'Incomplete Angle' })).toBe('');
    expect(summaryOf('Probe', { value: -1000, modalityUnit: 'HU' })).toBe('-1000.0 HU');
    expect(summaryOf('Probe', { value: [10, 20, 30], modalityUnit: 'raw' })).toBe('10.0, 20.0, 30.0');
    expect(summaryOf('ArrowAnnotate', {})).toBe('');
  });
  it('reads the statistics of the image the annotation is on', () => {
    const cached = { 'imageId:a': { length: 1 }, 'imageId:b': { length: 2 } };
    expect(statsFor(cached, 'b')).toEqual({ length: 2 });
    expect(statsFor(cached, 'c')).toEqual({ length: 1 });
    expect(statsFor(undefined, 'a')).toBeUndefined();
  });
});

describe('the measurement list', () => {
  const annotation = (
    uid: string,
    tool: string,
    imageId: string,
    data: AnnotationLike['data'] = {},
  ): AnnotationLike => ({
    annotationUID: uid,
    metadata: { toolName: tool, referencedImageId: imageId },
    data,
  });
  const images: Record<string, ImageRef> = { 'wadors:a': image('a'), 'wadors:b': image('b') };

  it("keeps this viewer's images only, editable before read-only", () => {
    const list = measurementsOf(
      [
        annotation('1', 'Length', 'wadors:a', {
          label: ' liver ',
          cachedStats: { 'imageId:wadors:a': { length: 10, unit: 'mm' } },
        }),
        annotation('2', 'ArrowAnnotate', 'wadors:b', { text: 'lesion' }),
        annotation('3', 'Length', 'wadors:elsewhere'),
        annotation('4', 'Probe', 'wadors:a'),
      ],
      (imageId) => (imageId ? images[imageId] : undefined),
      (uid) => (uid === '1' ? '9.9' : undefined),
    );
    expect(list.map((m) => m.uid)).toEqual(['2', '4', '1']);
    expect(list[2]).toEqual({
      uid: '1',
      tool: 'Length',
      toolLabel: 'Length',
      label: 'liver',
      summary: '10.0 mm',
      image: image('a'),
      readOnly: true,
      reportUID: '9.9',
    });
    expect(list[0]).toMatchObject({ toolLabel: 'Arrow', label: 'lesion', readOnly: false });
    expect(list[0]).not.toHaveProperty('reportUID');
  });

  it('compares lists by value', () => {
    const list = measurementsOf(
      [annotation('1', 'Length', 'wadors:a')],
      (id) => (id ? images[id] : undefined),
      () => undefined,
    );
    const again = measurementsOf(
      [annotation('1', 'Length', 'wadors:a')],
      (id) => (id ? images[id] : undefined),
      () => undefined,
    );
    expect(sameMeasurements(list, again)).toBe(true);
    expect(sameMeasurements(list, [{ ...list[0]!, label: 'x' }])).toBe(false);
  });
});
