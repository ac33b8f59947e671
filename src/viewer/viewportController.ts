import { Enums, utilities as coreUtilities, type Types } from '@cornerstonejs/core';
import { windowChoices } from '../dicom/presets';
import { windowToRange, type VoiWindow } from '../dicom/voi';
import { fileWindows } from './metadata/modules';
import { firstString } from '../dicom/json';
import { getEngine, onRenderModeChanged, warmDecoderFor } from './engine';
import { DisposerList, type Disposer } from './disposers';
import { onElement, onGlobal, TOUCH_TAP } from './events';
import { describeLoadError } from './loadError';
import { frameMetadataOf } from './metadata/metadataStore';
import { valueUnit } from './overlayInfo';
import { drawImageLayers } from './overlays/imageLayers';
import { readViewport } from './readViewport';
import { fitCpuViewport, fixCpuViewport } from './renderer/cpuViewport';
import type { LoadedSeries } from './seriesLoader';
import { loadedTools, preloadTools, toolsArrived } from './toolsLoader';
import { EMPTY_SLOT, type CursorReadout, type SlotState } from './viewerState';

/** How long one image may take from request to screen before the viewport says so. */
const IMAGE_TIMEOUT_MS = 30_000;

type SlotUpdate = (update: (slot: SlotState) => SlotState) => void;

/** What a viewport asks of the viewer that it cannot do itself. */
interface SlotCallbacks {
  readonly update: SlotUpdate;
  /** A single finger tap on the image (a double tap fits the image instead). */
  readonly tapped: () => void;
}

/**
 * One viewport slot: owns its Cornerstone stack viewport while React has an element mounted,
 * shows a series (or its placeholder), reports state after every render and carries out
 * view commands. The series can be set before or after the element arrives.
 */
export class ViewportController {
  readonly viewportId: string;
  private element: HTMLDivElement | undefined;
  private viewport: Types.IStackViewport | undefined;
  private series: LoadedSeries | undefined;
  /** The image ids of the stack shown: the whole series, or one stack of a split one. */
  private imageIds: readonly string[] = [];
  private generation = 0;
  private pendingTimer: ReturnType<typeof setTimeout> | undefined;
  /** The image actually on screen (the viewport's current id is the one asked for, loaded or not). */
  private shownImageId: string | undefined;
  private readonly attachment = new DisposerList();
  /** Overlay planes (60xx) over the image: on unless the reader turns them off. */
  private overlayPlanesShown = true;

  private readonly updateSlot: SlotUpdate;

  constructor(
    slot: number,
    private readonly callbacks: SlotCallbacks,
  ) {
    this.viewportId = `viewport-${slot}`;
    this.updateSlot = callbacks.update;
  }

  get loadedSeries(): LoadedSeries | undefined {
    return this.series;
  }

  /**
   * Enables the element as a stack viewport; the disposer disables it (safe twice, StrictMode-proof).
   * The measurement tools join the viewport when their code has loaded, which the image never waits for.
   */
  attach(element: HTMLDivElement): Disposer {
    this.attachment.dispose();
    const { renderingEngine } = getEngine();
    renderingEngine.enableElement({
      viewportId: this.viewportId,
      element,
      type: Enums.ViewportType.STACK,
      defaultOptions: { background: [0, 0, 0] },
    });
    this.element = element;
    this.viewport = renderingEngine.getViewport<Types.IStackViewport>(this.viewportId);
    fixCpuViewport(this.viewport);
    // Listeners go on before any setStack, or the first render can be missed.
    this.attachment.add(
      onElement(element, Enums.Events.IMAGE_RENDERED, () => {
        if (this.viewport) drawImageLayers(this.viewport, { overlayPlanes: this.overlayPlanesShown });
        this.report();
      }),
    );
    this.attachment.add(onElement(element, Enums.Events.PRE_STACK_NEW_IMAGE, ({ imageId }) => this.expect(imageId)));
    this.attachment.add(
      onElement(element, Enums.Events.STACK_NEW_IMAGE, ({ imageId, image }) => this.arrived(imageId, image)),
    );
    this.attachment.add(onGlobal(Enums.Events.IMAGE_LOAD_ERROR, ({ imageId, error }) => this.failed(imageId, error)));
    this.attachment.add(
      onElement(element, TOUCH_TAP, ({ taps }) => (taps >= 2 ? this.fit() : this.callbacks.tapped())),
    );
    this.attachment.add(onRenderModeChanged(() => void this.applyStack(this.viewport?.getCurrentImageIdIndex() ?? 0)));
    this.attachment.add(() => {
      this.stopCine();
      this.clearPending();
      renderingEngine.disableElement(this.viewportId);
      this.viewport = undefined;
      this.element = undefined;
    });
    let attached = true;
    this.attachment.add(() => (attached = false));
    void toolsArrived().then((tools) => {
      // Detached while the tools loaded: nothing to bind, nothing left in the tool group.
      if (!attached) return;
      // Added last, so it runs first: the tools let go of the viewport before it is disabled.
      this.attachment.add(tools.bindViewport(element, this.viewportId, renderingEngine.id));
    });
    if (this.series) void this.applyStack(0);
    return () => this.attachment.dispose();
  }

  resize(): void {
    getEngine().renderingEngine.resize(true, true);
  }

  show(series: LoadedSeries, stack = 0): void {
    this.stopCine();
    this.series = series;
    const { first, count } = series.stacks[stack] ?? { first: 0, count: series.imageIds.length };
    this.imageIds = series.imageIds.slice(first, first + count);
    const { displayability } = series;
    if (!displayability.displayable) {
      this.generation++;
      this.clearPending();
      this.updateSlot(() => ({
        ...EMPTY_SLOT,
        seriesInstanceUID: series.seriesInstanceUID,
        status: 'placeholder',
        message: displayability.reason,
      }));
      return;
    }
    const firstImage = this.imageIds[0];
    const frame = firstImage ? frameMetadataOf(firstImage) : undefined;
    const modality = frame && firstString(frame.dataset, '00080060');
    this.updateSlot(() => ({
      ...EMPTY_SLOT,
      seriesInstanceUID: series.seriesInstanceUID,
      ...(stack > 0 && { stack }),
      status: 'loading',
      imageCount: this.imageIds.length,
      windowChoices: windowChoices(modality, frame ? fileWindows(frame) : []),
      unit: frame ? valueUnit(frame.dataset) : '',
    }));
    if (firstImage) warmDecoderFor(firstImage);
    if (this.viewport) void this.applyStack(0);
  }

  private async applyStack(index: number): Promise<void> {
    const { viewport, series, imageIds } = this;
    if (!viewport || !series?.displayability.displayable || !imageIds.length) return;
    const generation = ++this.generation;
    try {
      await viewport.setStack([...imageIds], Math.min(index, imageIds.length - 1));
    } catch (error) {
      if (generation === this.generation) this.fail(describeLoadError(error));
    }
  }

  private report(): void {
    if (!this.viewport || !this.series) return;
    const state = readViewport(this.viewport);
    if (!state) return;
    this.updateSlot((slot) => ({ ...slot, ...state, status: slot.status === 'error' ? 'error' : 'ready' }));
    // An image is on screen: the measurement tools' code may come now, before the reader first drags.
    preloadTools();
  }

  private expect(imageId: string): void {
    this.clearPending();
    const generation = this.generation;
    this.pendingTimer = setTimeout(() => {
      if (generation !== this.generation || this.shownImageId === imageId) return;
      this.fail(`The image did not arrive within ${IMAGE_TIMEOUT_MS / 1000} s`);
    }, IMAGE_TIMEOUT_MS);
  }

  private arrived(imageId: string, image: Types.IImage): void {
    this.shownImageId = imageId;
    this.clearPending();
    const partial = isPartial(image);
    this.updateSlot((slot) => {
      const shown: SlotState =
        slot.message && slot.status !== 'placeholder' ? { ...slot, status: 'ready', message: undefined } : slot;
      return Boolean(shown.partial) === partial ? shown : { ...shown, partial };
    });
  }

  private failed(imageId: string | undefined, error: unknown): void {
    if (!imageId || !this.viewport || !this.series?.imageIds.includes(imageId)) return;
    // Prefetch failures of other images are counted by the prefetcher; only the image asked for on screen matters here.
    if (this.viewport.getImageIds()[this.viewport.getTargetImageIdIndex()] !== imageId) return;
    this.clearPending();
    this.fail(describeLoadError(error));
  }

  /** A failed first image leaves nothing to show: an error panel. A later one keeps the last image with a banner. */
  private fail(message: string): void {
    this.updateSlot((slot) => ({ ...slot, status: slot.status === 'ready' ? 'ready' : 'error', message }));
  }

  private clearPending(): void {
    clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
  }

  // View commands. Each renders and lets IMAGE_RENDERED report the new state.

  scroll(delta: number): void {
    this.viewport?.scroll(delta, false, false);
  }

  jumpTo(index: number): void {
    const count = this.viewport?.getImageIds().length ?? 0;
    if (count) void this.viewport?.setImageIdIndex(Math.max(0, Math.min(count - 1, index)));
  }

  lastIndex(): number {
    return Math.max(0, (this.viewport?.getImageIds().length ?? 1) - 1);
  }

  setWindow(window: VoiWindow): void {
    this.viewport?.setProperties({ voiRange: windowToRange(window) });
    this.viewport?.render();
  }

  /** Back to the window the image itself specifies (first file window, else its pixel range). */
  fileWindow(): void {
    const image = this.viewport?.getCornerstoneImage();
    if (!image) return;
    const center = Array.isArray(image.windowCenter) ? image.windowCenter[0] : image.windowCenter;
    const width = Array.isArray(image.windowWidth) ? image.windowWidth[0] : image.windowWidth;
    if (typeof center === 'number' && typeof width === 'number') this.setWindow({ center, width });
  }

  showOverlayPlanes(shown: boolean): void {
    this.overlayPlanesShown = shown;
    this.viewport?.render();
  }

  invert(): void {
    if (!this.viewport) return;
    this.viewport.setProperties({ invert: !this.viewport.getProperties().invert });
    this.viewport.render();
  }

  rotate(degrees: number): void {
    if (!this.viewport) return;
    const rotation = this.viewport.getViewPresentation().rotation ?? 0;
    this.viewport.setViewPresentation({ rotation: (((rotation + degrees) % 360) + 360) % 360 });
    this.viewport.render();
  }

  flip(axis: 'flipHorizontal' | 'flipVertical'): void {
    if (!this.viewport) return;
    this.viewport.setViewPresentation({ [axis]: !this.viewport.getViewPresentation()[axis] });
    this.viewport.render();
  }

  /** One image pixel on one screen pixel, nearest-neighbour: what the detector recorded, unsmoothed. */
  actualSize(): void {
    const viewport = this.viewport;
    if (!viewport) return;
    viewport.setDisplayArea({ type: 'SCALE', scale: 1 });
    // Cornerstone centres the image, which for odd sizes can leave pixel centres on screen-pixel
    // edges: nearest-neighbour then repeats one column or row. Shift by the fraction so every image
    // pixel centre sits on a screen pixel centre.
    // Cornerstone's types say there is always image data; before an image loads there is none.
    const imageData = (viewport.getImageData() as ReturnType<typeof viewport.getImageData> | undefined)?.imageData;
    if (imageData?.worldToIndex && imageData.indexToWorld) {
      const half = 0.5 / (globalThis.devicePixelRatio || 1);
      const index = imageData.worldToIndex(viewport.canvasToWorld([half, half])) as number[];
      const [dx, dy] = [index[0]! - Math.round(index[0]!), index[1]! - Math.round(index[1]!)];
      const origin = imageData.indexToWorld([0, 0, 0]) as number[];
      const step = imageData.indexToWorld([dx, dy, 0]) as number[];
      const shift = [step[0]! - origin[0]!, step[1]! - origin[1]!, step[2]! - origin[2]!];
      const { focalPoint, position } = viewport.getCamera();
      if (focalPoint && position) {
        viewport.setCamera({
          focalPoint: [focalPoint[0] - shift[0]!, focalPoint[1] - shift[1]!, focalPoint[2] - shift[2]!],
          position: [position[0] - shift[0]!, position[1] - shift[1]!, position[2] - shift[2]!],
        });
      }
    }
    viewport.render();
  }

  reset(): void {
    this.viewport?.resetCamera();
    this.viewport?.resetProperties();
    this.viewport?.render();
  }

  /** The whole image in the viewport, centred; window, rotation and flips stay as they are. */
  fit(): void {
    const viewport = this.viewport;
    if (!viewport) return;
    if (!fitCpuViewport(viewport)) viewport.setViewPresentation({ zoom: 1, pan: [0, 0] });
    viewport.render();
  }

  /** Cine is the tools' (a moment after the first image); until they load, nothing plays. */
  toggleCine(fps: number): boolean {
    const cine = loadedTools()?.cine;
    if (!cine || !this.element || !this.viewport || this.viewport.getImageIds().length < 2) return false;
    const playing = cine.getToolState(this.element) !== undefined;
    if (playing) this.stopCine();
    else cine.playClip(this.element, { framesPerSecond: fps, loop: true });
    return !playing;
  }

  setCineFps(fps: number): void {
    const cine = loadedTools()?.cine;
    if (cine && this.element && cine.getToolState(this.element)) {
      cine.stopClip(this.element);
      cine.playClip(this.element, { framesPerSecond: fps, loop: true });
    }
  }

  private stopCine(): void {
    const cine = loadedTools()?.cine;
    if (cine && this.element && cine.getToolState(this.element)) cine.stopClip(this.element);
    this.updateSlot((slot) => (slot.cine.playing ? { ...slot, cine: { ...slot.cine, playing: false } } : slot));
  }

  render(): void {
    this.viewport?.render();
  }

  /**
   * The stored-and-rescaled value under a canvas point (CSS pixels) and its pixel index, as the
   * Probe tool computes it; undefined off the image.
   */
  pixelAt(canvasPoint: readonly [number, number]): CursorReadout | undefined {
    const viewport = this.viewport;
    const data = viewport?.getImageData();
    if (!viewport || !data?.imageData) return undefined;
    const [column, row] = coreUtilities.transformWorldToIndex(
      data.imageData,
      viewport.canvasToWorld([canvasPoint[0], canvasPoint[1]]),
    ) as [number, number, number];
    const [columns, rows] = data.dimensions;
    if (column < 0 || row < 0 || column >= columns || row >= rows) return undefined;
    const raw: unknown = data.voxelManager?.getAtIJK(column, row, 0);
    const value =
      typeof raw === 'number'
        ? raw
        : Array.isArray(raw) || ArrayBuffer.isView(raw)
          ? Array.from(raw as ArrayLike<number>)
          : undefined;
    return value === undefined ? undefined : { column, row, value };
  }

  get currentImageId(): string | undefined {
    return this.viewport?.getCurrentImageId();
  }

  get canvas(): HTMLCanvasElement | undefined {
    return this.viewport?.getCanvas();
  }
}

/** Below full resolution: a progressive retrieval's preview (Cornerstone marks the complete image FULL_RESOLUTION). */
function isPartial(image: Types.IImage): boolean {
  const status = image.imageQualityStatus;
  return status !== undefined && status < Enums.ImageQualityStatus.FULL_RESOLUTION;
}
