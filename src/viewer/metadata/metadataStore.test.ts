import { afterEach, describe, expect, it } from 'vitest';
import type { FrameMetadata } from './frameMetadata';
import { FrameLease, frameMetadataOf, holdWhileLoading, metadataProvider, storedFrameCount } from './metadataStore';

const frame = (sopInstanceUID: string): FrameMetadata => ({
  studyInstanceUID: '1.2.3',
  seriesInstanceUID: '1.2.3.4',
  sopInstanceUID,
  frameNumber: 1,
  dataset: { '00080018': { vr: 'UI', Value: [sopInstanceUID] }, '00080060': { vr: 'CS', Value: ['CT'] } },
  voiLuts: [],
});

/** One study's frames, as two viewers of it register them. */
const STUDY = ['wadors:/frames/a', 'wadors:/frames/b'];

describe('metadata store leases', () => {
  const leases: FrameLease[] = [];
  const lease = () => {
    const made = new FrameLease();
    leases.push(made);
    return made;
  };
  afterEach(() => {
    for (const made of leases.splice(0)) made.release();
  });

  it('keeps a study shown by two viewers until both let go', () => {
    const [viewerA, viewerB] = [lease(), lease()];
    for (const imageId of STUDY) {
      viewerA.register(imageId, frame(imageId));
      viewerB.register(imageId, frame(imageId));
    }
    expect(storedFrameCount()).toBe(2);

    expect(viewerA.release()).toEqual([]);
    expect(storedFrameCount()).toBe(2);
    expect(frameMetadataOf(STUDY[0]!)?.sopInstanceUID).toBe(STUDY[0]);
    expect(metadataProvider('generalSeriesModule', STUDY[1]!)).toMatchObject({ modality: 'CT' });

    expect(viewerB.release()).toEqual(STUDY);
    expect(storedFrameCount()).toBe(0);
    expect(frameMetadataOf(STUDY[0]!)).toBeUndefined();
    expect(metadataProvider('generalSeriesModule', STUDY[1]!)).toBeUndefined();
  });

  it('frees only the frames no other viewer holds', () => {
    const [viewerA, viewerB] = [lease(), lease()];
    viewerA.register(STUDY[0]!, frame('a'));
    viewerA.register(STUDY[1]!, frame('b'));
    viewerB.register(STUDY[1]!, frame('b'));
    expect(viewerA.release()).toEqual([STUDY[0]]);
    expect(frameMetadataOf(STUDY[1]!)?.sopInstanceUID).toBe('b');
  });

  it('stores nothing for a viewer that already let go (a load that outlived it)', () => {
    const closed = lease();
    closed.release();
    closed.register(STUDY[0]!, frame('a'));
    expect(storedFrameCount()).toBe(0);
    expect(frameMetadataOf(STUDY[0]!)).toBeUndefined();
  });

  it('releases twice without freeing twice', () => {
    const viewerA = lease();
    viewerA.register(STUDY[0]!, frame('a'));
    expect(viewerA.release()).toEqual([STUDY[0]]);
    expect(viewerA.release()).toEqual([]);
  });
});

describe('metadata store and loads in flight', () => {
  it('keeps a released frame until its pixel load settles, then frees it', async () => {
    const viewer = new FrameLease();
    viewer.register(STUDY[0]!, frame('a'));
    let finish!: () => void;
    holdWhileLoading(STUDY[0]!, new Promise<void>((resolve) => (finish = resolve)));

    expect(viewer.release()).toEqual([STUDY[0]]);
    expect(metadataProvider('generalSeriesModule', STUDY[0]!)).toMatchObject({ modality: 'CT' });

    finish();
    await Promise.resolve();
    await Promise.resolve();
    expect(frameMetadataOf(STUDY[0]!)).toBeUndefined();
    expect(storedFrameCount()).toBe(0);
  });

  it('frees after a failed load too, and keeps a frame another viewer took up meanwhile', async () => {
    const [closing, opening] = [new FrameLease(), new FrameLease()];
    closing.register(STUDY[0]!, frame('a'));
    closing.register(STUDY[1]!, frame('b'));
    let fail!: (reason: unknown) => void;
    let finish!: () => void;
    holdWhileLoading(STUDY[0]!, new Promise<void>((_resolve, reject) => (fail = reject)));
    holdWhileLoading(STUDY[1]!, new Promise<void>((resolve) => (finish = resolve)));
    closing.release();
    opening.register(STUDY[1]!, frame('b'));

    fail(new Error('aborted'));
    finish();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(frameMetadataOf(STUDY[0]!)).toBeUndefined();
    expect(frameMetadataOf(STUDY[1]!)?.sopInstanceUID).toBe('b');
    opening.release();
    expect(storedFrameCount()).toBe(0);
  });
});
