import { getEngine } from './engine';

/** What the viewer uses of the measurement tools (readingTools.ts), set up. */
type ReadingTools = ReturnType<(typeof import('./readingTools'))['setUpTools']>;

let loading: Promise<ReadingTools> | undefined;
let loaded: ReadingTools | undefined;
let announce: (tools: ReadingTools) => void = () => undefined;
const arrival = new Promise<ReadingTools>((resolve) => (announce = resolve));

/**
 * Fetches Cornerstone's measurement tools (about as much code as the rest of the viewer) and sets
 * them up, once per page. Called once the first image is drawn, not on first use, so the reader's
 * first drag already measures; and by what needs them at once (drawing a stored report, sending).
 */
export function loadTools(): Promise<ReadingTools> {
  if (loading) return loading;
  loading = import('./readingTools').then((module) => {
    // Cornerstone's tools start after its core, which the engine starts.
    getEngine();
    const tools = module.setUpTools();
    loaded = tools;
    announce(tools);
    return tools;
  });
  // A failed download may succeed on the next try.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** Starts loading the tools without waiting; a failed download is tried again at the next call. */
export function preloadTools(): void {
  loadTools().catch(() => undefined);
}

/** The tools when they have loaded; before, no annotation exists and no tool is bound. */
export function loadedTools(): ReadingTools | undefined {
  return loaded;
}

/** Resolves once the tools have loaded (it starts nothing): for what can wait for them. */
export function toolsArrived(): Promise<ReadingTools> {
  return arrival;
}
