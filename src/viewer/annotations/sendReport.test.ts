import { describe, expect, it } from 'vitest';
import { measurementToolState, type ReportableAnnotation } from './sendReport';

const annotation = (
  uid: string,
  toolName: string,
  referencedImageId: string | undefined,
  label?: string,
): ReportableAnnotation => ({
  annotationUID: uid,
  metadata: { toolName, ...(referencedImageId !== undefined && { referencedImageId }) },
  data: label === undefined ? {} : { label },
});

describe('the tool state the adapters write', () => {
  it('groups by image and tool, supported tools only, labels trimmed and arrow text set', () => {
    const state = measurementToolState(
      [
        annotation('1', 'Length', 'img:a', '  aorta '),
        annotation('2', 'Length', 'img:a', '   '),
        annotation('3', 'ArrowAnnotate', 'img:b', ' lesion'),
        annotation('4', 'Magic', 'img:a'),
        annotation('5', 'Probe', undefined),
      ],
      (tool) => tool !== 'Magic',
    );
    expect(Object.keys(state)).toEqual(['img:a', 'img:b']);
    expect(state['img:a']?.Length?.data.map((item) => [item.annotationUID, item.data.label])).toEqual([
      ['1', 'aorta'],
      ['2', undefined],
    ]);
    expect(state['img:a']).not.toHaveProperty('Magic');
    expect(state['img:b']?.ArrowAnnotate?.data[0]?.data).toEqual({ label: 'lesion', text: 'lesion' });
  });
});
