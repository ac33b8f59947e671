import { describe, expect, it } from 'vitest';
import type { ImageRef } from '../../dicom/sr/references';
import type { KeyImage } from '../viewerState';
import { nextKeyImage, removeKeyImage, setKeyImageNote, toggleKeyImage, withStoredKeyImages } from './keyImages';

const image = (series: string, sop: string, frameNumber?: number): ImageRef => ({
  studyInstanceUID: '1',
  seriesInstanceUID: series,
  sopInstanceUID: sop,
  sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
  ...(frameNumber !== undefined && { frameNumber }),
});
const stored = (ref: ImageRef, note = ''): KeyImage => ({ image: ref, note, readOnly: true, reportUID: '9' });

describe('key images', () => {
  it('toggles the reader’s own mark, frames apart', () => {
    const a = image('s1', 'a');
    const marked = toggleKeyImage([], a);
    expect(marked).toEqual([{ image: a, note: '', readOnly: false }]);
    expect(toggleKeyImage(marked, a)).toEqual([]);
    expect(toggleKeyImage(marked, image('s1', 'a', 2))).toHaveLength(2);
  });
  it('never changes or removes a stored key image', () => {
    const a = image('s1', 'a');
    const list = [stored(a, 'from the SR')];
    expect(toggleKeyImage(list, a)).toEqual([...list, { image: a, note: '', readOnly: false }]);
    expect(removeKeyImage(list, a)).toEqual(list);
    expect(setKeyImageNote(list, a, 'mine')).toEqual(list);
    const own = toggleKeyImage(list, a);
    expect(setKeyImageNote(own, a, 'mine')[1]).toEqual({ image: a, note: 'mine', readOnly: false });
    expect(removeKeyImage(own, a)).toEqual(list);
  });
  it('lists stored key images under each document once', () => {
    const a = image('s1', 'a');
    const fromKos: KeyImage = { ...stored(a), reportUID: 'kos' };
    const added = withStoredKeyImages([stored(a, 'note')], [fromKos, stored(image('s1', 'b'))]);
    expect(added).toEqual([stored(a, 'note'), fromKos, stored(image('s1', 'b'))]);
    expect(withStoredKeyImages(added, [fromKos, stored(a, 'note')])).toEqual(added);
  });
  it('steps to the next key image across series in panel order and wraps around', () => {
    const seriesOrder: Record<string, number> = { s1: 0, s2: 1 };
    const stack: Record<string, number> = { a: 5, b: 2, c: 0, x: 3 };
    const order = (ref: ImageRef) => [seriesOrder[ref.seriesInstanceUID]!, stack[ref.sopInstanceUID]!] as const;
    const list = [
      stored(image('s2', 'c')),
      stored(image('s1', 'a')),
      stored(image('s1', 'b')),
      stored(image('s1', 'a')),
    ];
    const next = (current?: ImageRef) => nextKeyImage(list, current, order)?.sopInstanceUID;
    expect(next()).toBe('b');
    expect(next(image('s1', 'b'))).toBe('a');
    expect(next(image('s1', 'a'))).toBe('c');
    expect(next(image('s2', 'c'))).toBe('b');
    // From an image that is no key image: the next one after it.
    expect(next(image('s1', 'x'))).toBe('a');
    expect(nextKeyImage([], image('s1', 'a'), order)).toBeUndefined();
  });
});
