import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImageRef } from '../../dicom/sr/references';
import { DraftKeeper, parseDraft, restoredAnnotation, savedAnnotation, type Draft, type DraftStorage } from './drafts';

const image: ImageRef = {
  studyInstanceUID: '1',
  seriesInstanceUID: '1.1',
  sopInstanceUID: '1.1.1',
  sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
};

const lengthAnnotation = () => ({
  annotationUID: 'u1',
  isSelected: true,
  highlighted: true,
  invalidated: false,
  metadata: { toolName: 'Length', referencedImageId: 'wadors:http://old/frames/1', FrameOfReferenceUID: '1.9' },
  data: {
    label: 'aorta',
    handles: {
      points: [new Float32Array([1, 2, 3]), [4, 5, 6]],
      textBox: { worldPosition: new Float32Array([7, 8, 9]) },
    },
    cachedStats: { 'imageId:wadors:http://old/frames/1': { length: 5, unit: 'mm' } },
  },
});

class MemoryStorage implements DraftStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

describe('draft serialisation', () => {
  it('saves an annotation by SOP Instance UID and frame, its stats apart, without image id or selection', () => {
    const saved = savedAnnotation(lengthAnnotation(), { ...image, frameNumber: 3 });
    expect(saved).toEqual({
      sopInstanceUID: '1.1.1',
      frameNumber: 3,
      annotation: {
        annotationUID: 'u1',
        metadata: { toolName: 'Length', FrameOfReferenceUID: '1.9' },
        data: {
          label: 'aorta',
          handles: {
            points: [
              [1, 2, 3],
              [4, 5, 6],
            ],
            textBox: { worldPosition: [7, 8, 9] },
          },
        },
      },
      stats: { length: 5, unit: 'mm' },
    });
    expect(savedAnnotation(lengthAnnotation(), image)).not.toHaveProperty('frameNumber');
  });

  it('puts a saved annotation and its stats on the image id of this session, to be checked on render', () => {
    const restored = restoredAnnotation(savedAnnotation(lengthAnnotation(), image), 'wadors:http://new/frames/1');
    expect(restored).toMatchObject({
      annotationUID: 'u1',
      invalidated: true,
      metadata: { toolName: 'Length', referencedImageId: 'wadors:http://new/frames/1' },
      data: { label: 'aorta', cachedStats: { 'imageId:wadors:http://new/frames/1': { length: 5, unit: 'mm' } } },
    });
    const { stats: _, ...withoutStats } = savedAnnotation(lengthAnnotation(), image);
    expect(restoredAnnotation(withoutStats, 'wadors:x')).toMatchObject({ data: { cachedStats: {} } });
  });

  it('reads back what it wrote and nothing else', () => {
    const draft: Draft = {
      opinion: { findings: 'Nodule', impression: '' },
      keyImages: [{ image: { ...image, frameNumber: 2 }, note: 'see here' }],
      annotations: [savedAnnotation(lengthAnnotation(), image)],
    };
    expect(parseDraft(JSON.stringify(draft))).toEqual(draft);
    expect(parseDraft(null)).toBeUndefined();
    expect(parseDraft('{not json')).toBeUndefined();
    expect(parseDraft(JSON.stringify({ opinion: { findings: 1 }, keyImages: [], annotations: [] }))).toBeUndefined();
    const partly = parseDraft(
      JSON.stringify({ ...draft, keyImages: [{ image: { sopInstanceUID: 'x' }, note: '' }], annotations: [{}] }),
    );
    expect(partly).toEqual({ ...draft, keyImages: [], annotations: [] });
  });
});

describe('DraftKeeper', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const draft = (findings: string): Draft => ({
    opinion: { findings, impression: '' },
    keyImages: [],
    annotations: [],
  });

  it('writes once after the last change, and removes an empty draft', () => {
    const storage = new MemoryStorage();
    const keeper = new DraftKeeper(storage, 'k');
    keeper.save(() => draft('a'));
    vi.advanceTimersByTime(300);
    keeper.save(() => draft('ab'));
    vi.advanceTimersByTime(300);
    expect(storage.items.has('k')).toBe(false);
    vi.advanceTimersByTime(300);
    expect(keeper.restore()).toEqual(draft('ab'));
    keeper.save(() => draft('  '));
    keeper.flush();
    expect(storage.items.has('k')).toBe(false);
  });

  it('forgets the draft once sent and remembers the document as predecessor', () => {
    const storage = new MemoryStorage();
    const keeper = new DraftKeeper(storage, 'k');
    keeper.save(() => draft('a'));
    keeper.flush();
    keeper.save(() => draft('pending'));
    const sent = { studyInstanceUID: '1', seriesInstanceUID: '2', sopInstanceUID: '3', sopClassUID: '4' };
    keeper.sent(sent);
    vi.runAllTimers();
    expect(storage.items.has('k')).toBe(false);
    expect(new DraftKeeper(storage, 'k').lastSent()).toEqual(sent);
    expect(new DraftKeeper(storage, 'other').lastSent()).toBeUndefined();
  });

  it('survives storage that refuses writes', () => {
    const keeper = new DraftKeeper(
      {
        getItem: () => null,
        setItem: () => {
          throw new Error('QuotaExceededError');
        },
        removeItem: () => undefined,
      },
      'k',
    );
    keeper.save(() => draft('a'));
    expect(() => vi.runAllTimers()).not.toThrow();
  });
});
