import type { RenderMode } from './renderChoice';

/** The URL query parameter: `render=gpu|cpu` chooses for this tab, `render=auto` forgets the choice. */
const RENDER_QUERY = 'render';
/** Where the tab keeps the choice (sessionStorage), so it survives navigation and reload but not a new tab. */
export const RENDER_STORAGE_KEY = 'secondread.render';

type TabStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const asMode = (value: string | null): RenderMode | undefined =>
  value === 'gpu' || value === 'cpu' ? value : undefined;

/**
 * The reader's (or a test's) explicit rendering choice: the page URL's first, then the one this
 * tab remembers. Anything else in the query (a typo) leaves the stored choice alone.
 */
export function readRenderOverride(search: string, storage: TabStorage | undefined): RenderMode | undefined {
  const asked = new URLSearchParams(search).get(RENDER_QUERY);
  const mode = asMode(asked);
  if (mode) {
    storage?.setItem(RENDER_STORAGE_KEY, mode);
    return mode;
  }
  if (asked === 'auto') {
    storage?.removeItem(RENDER_STORAGE_KEY);
    return undefined;
  }
  return asMode(storage?.getItem(RENDER_STORAGE_KEY) ?? null);
}
