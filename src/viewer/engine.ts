import {
  Enums,
  RenderingEngine,
  getRenderingCapabilities,
  getShouldUseCPURendering,
  init as initCore,
  metaData,
  setUseCPURendering,
} from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import type { Disposer } from './disposers';
import { onGlobal } from './events';
import { metadataProvider } from './metadata/metadataStore';
import { registerLocalFileLoader } from './localFileLoader';
import { registerPixelTransformLoader } from './pixelTransformLoader';
import { warmDecoder } from './decoderWarmup';
import { enableProgressiveFrames, expectedFrameSyntax } from './progressive';
import { publishResourceCounts } from './resourceCounts';
import { chooseRenderMode, type RenderChoice, type RenderMode } from './renderer/renderChoice';
import { readRenderOverride } from './renderer/renderOverride';

/** The measurement tools are not here: they join later (toolsLoader.ts), so the first image does not wait for their code. */
interface Engine {
  readonly renderingEngine: RenderingEngine;
}

const RENDERING_ENGINE_ID = 'secondread';
/** Above Cornerstone's own providers, so our series metadata answers first. */
const PROVIDER_PRIORITY = 10_000;

let engine: Engine | undefined;
/** The image loader's decode workers; one core is left to the page. */
let decodeWorkers = 1;
let requestHeaders: () => Record<string, string> = () => ({});
let choice: RenderChoice = { mode: 'gpu', reason: 'gpu', renderer: '' };
const renderModeListeners = new Set<(choice: RenderChoice) => void>();

/**
 * Headers for frame and bulk-data requests (a bearer token in direct mode). The image loader is
 * configured once, so it asks this function on every request instead of holding a token.
 */
export function setRequestHeaders(headers: () => Record<string, string>): void {
  requestHeaders = headers;
}

export function renderMode(): RenderMode {
  return getShouldUseCPURendering() ? 'cpu' : 'gpu';
}

/** Where the engine draws and why; decided when it starts (getEngine). */
export function renderChoice(): RenderChoice {
  return choice;
}

export function onRenderModeChanged(listener: (choice: RenderChoice) => void): Disposer {
  renderModeListeners.add(listener);
  return () => renderModeListeners.delete(listener);
}

function switchToCpu(): void {
  if (getShouldUseCPURendering()) return;
  setUseCPURendering(true);
  choice = { ...choice, mode: 'cpu', reason: 'context-lost' };
  for (const listener of renderModeListeners) listener(choice);
}

/** sessionStorage, or none where the browser refuses it (storage blocked, opaque origins). */
function tabStorage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/**
 * Has the decode workers load the codec an image will need (decoderWarmup.ts), without waiting:
 * called as the image is asked for, so the codec's fetch and compile overlap its transfer. Once per
 * codec per page; nothing before the engine exists.
 */
export function warmDecoderFor(imageId: string): void {
  if (engine) warmDecoder(expectedFrameSyntax(imageId), decodeWorkers);
}

/**
 * The Cornerstone engine, created on first use and kept for the page's life: the image loader's
 * init purges its cache and registers workers, so it must run exactly once. Synchronous, so a
 * React StrictMode double mount cannot race two setups.
 */
export function getEngine(): Engine {
  if (engine) return engine;
  initCore();
  // Cornerstone needs WebGL2 textures for 16-bit data; with only WebGL1 (or none) draw on the CPU.
  // A software WebGL renderer reads every frame back (~40 ms a step): the CPU path scrolls faster.
  choice = chooseRenderMode(getRenderingCapabilities(), readRenderOverride(window.location.search, tabStorage()));
  if (choice.mode === 'cpu') setUseCPURendering(true);
  decodeWorkers = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
  dicomImageLoader.init({
    maxWebWorkers: decodeWorkers,
    beforeSend: () => requestHeaders(),
  });
  enableProgressiveFrames(() => requestHeaders());
  // After the image loader's init, which registered its own loader for the scheme.
  registerLocalFileLoader();
  registerPixelTransformLoader();
  metaData.addProvider(metadataProvider, PROVIDER_PRIORITY);
  // A lost GPU context (driver reset, too many tabs) would leave black viewports: fall back to the CPU.
  onGlobal(Enums.Events.WEBGL_CONTEXT_LOST, switchToCpu);
  engine = { renderingEngine: new RenderingEngine(RENDERING_ENGINE_ID) };
  publishResourceCounts();
  return engine;
}
