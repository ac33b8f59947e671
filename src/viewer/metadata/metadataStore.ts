import type { FrameMetadata } from './frameMetadata';
import { MODULE_BUILDERS } from './modules';

/**
 * The one metadata provider: frames registered by the series loader, keyed by imageId, answered
 * as Cornerstone modules. Modules are built once per frame and type, since Cornerstone asks for
 * them on every render. Viewers hold frames through leases, and a frame leaves the store when the
 * last lease on it is released: two viewers may show one study (StrictMode mounts twice, a study
 * is opened again), and closing one must not pull metadata from under the other.
 */
const frames = new Map<string, FrameMetadata>();
const built = new Map<string, Map<string, unknown>>();
const holders = new Map<string, Set<FrameLease>>();
/** Loads in flight per frame: their metadata outlives the last lease until they settle. */
const loading = new Map<string, number>();

function forget(imageId: string): void {
  frames.delete(imageId);
  built.delete(imageId);
}

/** One viewer's hold on the frames it registered; released when the viewer is disposed. */
export class FrameLease {
  private readonly held = new Set<string>();
  private released = false;

  /**
   * Stores a frame (again, if another viewer stored it first) and holds it. After release it does
   * nothing: a series load that outlives its viewer must not put back what the viewer let go of.
   */
  register(imageId: string, frame: FrameMetadata): void {
    if (this.released) return;
    frames.set(imageId, frame);
    built.delete(imageId);
    this.held.add(imageId);
    const owners = holders.get(imageId) ?? new Set<FrameLease>();
    holders.set(imageId, owners.add(this));
  }

  /** Lets go of every frame held; returns the image ids no lease holds any more, gone from the store. */
  release(): string[] {
    this.released = true;
    const freed: string[] = [];
    for (const imageId of this.held) {
      const owners = holders.get(imageId);
      owners?.delete(this);
      if (owners?.size) continue;
      holders.delete(imageId);
      if (!loading.has(imageId)) forget(imageId);
      freed.push(imageId);
    }
    this.held.clear();
    return freed;
  }
}

/**
 * Keeps a frame's metadata until its pixel load settles, whoever lets go of it meanwhile. The image
 * loader reads the frame's modules when the pixels arrive; a viewer closed during the decode would
 * otherwise leave it reading undefined, and Cornerstone 5.14's cache rethrows that rejection where
 * nobody can catch it (a page error).
 */
export function holdWhileLoading(imageId: string, load: Promise<unknown>): void {
  loading.set(imageId, (loading.get(imageId) ?? 0) + 1);
  const settle = () => {
    const left = (loading.get(imageId) ?? 1) - 1;
    if (left > 0) return void loading.set(imageId, left);
    loading.delete(imageId);
    if (!holders.has(imageId)) forget(imageId);
  };
  load.then(settle, settle);
}

export function frameMetadataOf(imageId: string): FrameMetadata | undefined {
  return frames.get(imageId);
}

/** Cornerstone provider signature: (type, imageId) → module or undefined for other providers to answer. */
export function metadataProvider(type: string, imageId: string): unknown {
  const frame = frames.get(imageId);
  const build = MODULE_BUILDERS[type];
  if (!frame || !build) return undefined;
  let cache = built.get(imageId);
  if (!cache) built.set(imageId, (cache = new Map<string, unknown>()));
  if (!cache.has(type)) cache.set(type, build(frame));
  return cache.get(type);
}

/** Frames in the store, across viewers (the lifecycle e2e spec reads it through the debug hook). */
export function storedFrameCount(): number {
  return frames.size;
}
