import type { RenderOptions } from '../dicomweb/renderedQuery';

/** The query of a rendered or thumbnail request, rebuilt from its parsed options (for an upstream). */
export function renderedQuery(options: RenderOptions): string {
  const pairs: string[] = [];
  const { viewport, window, quality } = options;
  if (viewport) pairs.push(`viewport=${viewport.width},${viewport.height}`);
  if (window) pairs.push(`window=${window.center},${window.width},${window.function}`);
  if (quality !== undefined) pairs.push(`quality=${quality}`);
  return pairs.join('&');
}
