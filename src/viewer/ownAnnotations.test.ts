import { describe, expect, it } from 'vitest';
import { ownAnnotationsOn } from './ownAnnotations';

const on = (annotationUID: string, referencedImageId: string) => ({ annotationUID, metadata: { referencedImageId } });

describe('ownAnnotationsOn', () => {
  it('names the unlocked annotations on the image, never a stored report’s locked ones', () => {
    const annotations = [
      on('mine', 'img:1'),
      on('stored', 'img:1'),
      on('elsewhere', 'img:2'),
      on('also-mine', 'img:1'),
    ];
    const locked = new Set(['stored']);
    expect(ownAnnotationsOn(annotations, 'img:1', (uid) => locked.has(uid))).toEqual(['mine', 'also-mine']);
  });

  it('skips annotations without a UID or an image', () => {
    expect(
      ownAnnotationsOn([{ metadata: { referencedImageId: 'img:1' } }, { annotationUID: 'x' }], 'img:1', () => false),
    ).toEqual([]);
  });
});
