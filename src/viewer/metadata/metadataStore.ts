import type { FrameMetadata } from './frameMetadata';
import { MODULE_BUILDERS } from './modules';

/**
 * The one metadata provider: frames registered by the series loader, keyed by imageId, answered
 * as Cornerstone modules. Modules are built once per frame and type, since Cornerstone asks for
 * them on every render.
 */
const frames = new Map<string, FrameMetadata>();
const built = new Map<string, Map<string, unknown>>();

export function registerFrame(imageId: string, frame: FrameMetadata): void {
  frames.set(imageId, frame);
  built.delete(imageId);
}

export function forgetFrame(imageId: string): void {
  frames.delete(imageId);
  built.delete(imageId);
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
  if (!cache) built.set(imageId, (cache = new Map()));
  if (!cache.has(type)) cache.set(type, build(frame));
  return cache.get(type);
}
