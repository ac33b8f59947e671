import type { DicomJsonDataset } from '../dicom/json';
import type { Opinion } from '../dicom/sr/opinion';
import type { ImageRef } from '../dicom/sr/references';
import type { DicomwebClient } from '../dicomweb/client';
import type { DraftStorage } from './annotations/drafts';
import { ReportSession, type SendOptions } from './annotations/reportSession';
import type { ViewerCommand } from './commands';
import { getEngine, onRenderModeChanged, renderChoice, setRequestHeaders } from './engine';
import { DisposerList, type Disposer } from './disposers';
import { dropImages } from './dropImages';
import { FrameLease } from './metadata/metadataStore';
import { prefetchSeries } from './prefetcher';
import type { LoadedSeries } from './seriesLoader';
import { dicomwebSource, type SeriesSource } from './seriesSource';
import { Store } from './store';
import { renderThumbnail } from './thumbnails';
import { slotShown } from './slotShown';
import type { PrimaryTool } from './tools';
import { loadedTools, toolsArrived } from './toolsLoader';
import { runCommand } from './runCommand';
import { ViewportController } from './viewportController';
import {
  EMPTY_SLOT,
  LAYOUTS,
  MAX_SLOTS,
  slotCount,
  type Layout,
  type SeriesEntry,
  type SlotState,
  type ViewerState,
} from './viewerState';

/** Series metadata requests in flight at once: enough to fill the panel fast, few enough to leave room for pixels. */
const METADATA_CONCURRENCY = 3;

const INITIAL_STATE: ViewerState = {
  studyInstanceUIDs: [],
  source: 'dicomweb',
  series: [],
  layout: '1x1',
  activeSlot: 0,
  slots: Array.from({ length: MAX_SLOTS }, () => EMPTY_SLOT),
  primaryTool: 'WindowLevel',
  renderMode: 'gpu',
  renderChoice: { mode: 'gpu', reason: 'gpu', renderer: '' },
  overlayHidden: false,
  overlayPlanesHidden: false,
  loadingStudies: false,
  measurements: [],
  keyImages: [],
  reports: [],
  opinion: { findings: '', impression: '' },
  send: { status: 'idle' },
};

/** Tools that only move through or around the image: a tap with one of them on the finger hides or shows the overlay. */
const NAVIGATION_TOOLS: ReadonlySet<PrimaryTool> = new Set(['WindowLevel', 'Pan', 'Zoom', 'StackScroll']);

interface ViewerOptions {
  /** The tool on the left button and one finger at the start: W/L at a workstation, scrolling on a touch screen. */
  readonly primaryTool?: PrimaryTool;
  /** Where the series come from: by default the client's DICOMweb server. */
  readonly source?: SeriesSource;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : 'Unknown error';
}

/**
 * The viewer: one per page. Lists the studies' series, loads their metadata, hangs them in
 * viewports, prefetches and renders thumbnails. React reads `store` and calls the methods; the
 * Cornerstone engine behind it is shared and outlives this object, but what it holds for the
 * studies (frame metadata, cached images, queued requests) goes when the viewer is disposed.
 */
export class Viewer {
  readonly store: Store<ViewerState>;
  readonly controllers: readonly ViewportController[];
  private readonly loaded = new Map<string, Promise<LoadedSeries>>();
  private readonly prefetching = new Set<string>();
  private readonly abort = new AbortController();
  private readonly disposers = new DisposerList();
  private readonly frames = new FrameLease();
  private readonly reports: ReportSession;
  private readonly source: SeriesSource;
  /** The session's credentials for the requests the viewer makes itself (thumbnails). */
  private readonly requestHeaders: () => Record<string, string>;

  constructor(
    client: DicomwebClient,
    { primaryTool = INITIAL_STATE.primaryTool, source = dicomwebSource(client) }: ViewerOptions = {},
  ) {
    this.source = source;
    this.requestHeaders = () => client.authorizationHeaders();
    // The engine decides GPU or CPU when it starts, so it starts before the first state is made.
    getEngine();
    // Disposers run last first: loads are aborted and prefetches cancelled before images are dropped.
    this.disposers.add(() => {
      const freed = this.frames.release();
      // Without the tools no annotation was ever made.
      loadedTools()?.removeAnnotationsOn(freed);
      dropImages(freed);
    });
    this.store = new Store<ViewerState>({
      ...INITIAL_STATE,
      source: source.kind,
      primaryTool,
      renderMode: renderChoice().mode,
      renderChoice: renderChoice(),
    });
    this.controllers = Array.from(
      { length: MAX_SLOTS },
      (_, slot) =>
        new ViewportController(slot, {
          update: (update) => this.updateSlot(slot, update),
          tapped: () => {
            if (NAVIGATION_TOOLS.has(this.store.getState().primaryTool)) this.command({ type: 'toggleOverlay' });
          },
        }),
    );
    this.reports = new ReportSession(this.store, client, () => getEngine().renderingEngine.render());
    this.disposers.add(() => this.reports.dispose());
    setRequestHeaders(() => client.authorizationHeaders());
    this.disposers.add(
      onRenderModeChanged((choice) =>
        this.store.update((state) => ({ ...state, renderMode: choice.mode, renderChoice: choice })),
      ),
    );
    this.disposers.add(() => this.abort.abort());
    // The tools come after the first image: the reader's choice made before waits for them.
    void toolsArrived().then((tools) => {
      if (!this.abort.signal.aborted) tools.setPrimaryTool(this.store.getState().primaryTool);
    });
  }

  dispose(): void {
    this.disposers.dispose();
  }

  attachViewport(slot: number, element: HTMLDivElement): Disposer {
    const controller = this.controllers[slot];
    if (!controller) throw new RangeError(`No viewport slot ${slot}`);
    return controller.attach(element);
  }

  /** Called by the viewport grid when its size changes; Cornerstone leaves resizing to the app. */
  resize(): void {
    getEngine().renderingEngine.resize(true, true);
  }

  async open(studyInstanceUIDs: readonly string[]): Promise<void> {
    this.store.update((state) => ({ ...state, studyInstanceUIDs, loadingStudies: true, error: undefined }));
    let entries: SeriesEntry[];
    try {
      const lists = await Promise.all(
        studyInstanceUIDs.map((study) => this.source.listSeries(study, this.abort.signal)),
      );
      entries = lists.flat();
    } catch (error) {
      if (this.abort.signal.aborted) return;
      this.store.update((state) => ({ ...state, loadingStudies: false, error: describeError(error) }));
      return;
    }
    this.store.update((state) => ({
      ...state,
      series: entries,
      loadingStudies: false,
      ...(entries.length === 0 && { error: 'No series found for this study' }),
    }));
    await this.loadAll(entries, studyInstanceUIDs);
  }

  private async loadAll(entries: readonly SeriesEntry[], studies: readonly string[]): Promise<void> {
    const queue = [...entries];
    const worker = async () => {
      for (let entry = queue.shift(); entry; entry = queue.shift())
        await this.ensureLoaded(entry.seriesInstanceUID).catch(() => undefined);
    };
    const workers = Promise.all(Array.from({ length: METADATA_CONCURRENCY }, worker));
    await Promise.all([workers.then(() => this.reports.studyLoaded()), this.hang(entries, studies)]);
  }

  /**
   * Initial hanging: the first displayable series (panel order) of each study, side by side for a
   * comparison. Without any displayable series the first one's placeholder is shown, never an
   * empty viewport.
   */
  private async hang(entries: readonly SeriesEntry[], studies: readonly string[]): Promise<void> {
    let slot = 0;
    for (const study of studies.slice(0, MAX_SLOTS)) {
      for (const entry of entries.filter((candidate) => candidate.studyInstanceUID === study)) {
        const series = await this.ensureLoaded(entry.seriesInstanceUID).catch(() => undefined);
        if (!series?.displayability.displayable) continue;
        void this.showSeries(slot++, entry.seriesInstanceUID);
        break;
      }
    }
    if (slot > 1) this.setLayout(slot === 2 ? '1x2' : '2x2');
    const first = entries[0];
    if (slot === 0 && first) void this.showSeries(0, first.seriesInstanceUID);
  }

  private ensureLoaded(seriesInstanceUID: string): Promise<LoadedSeries> {
    const existing = this.loaded.get(seriesInstanceUID);
    if (existing) return existing;
    const entry = this.entry(seriesInstanceUID);
    if (!entry) return Promise.reject(new Error('Unknown series'));
    const promise = this.source
      .loadSeries(entry.studyInstanceUID, seriesInstanceUID, this.frames, this.abort.signal)
      .then(
        (series) => {
          this.updateSeries(seriesInstanceUID, (current) => ({
            ...current,
            status: 'ready',
            displayability: series.displayability,
            imageCount: series.displayability.displayable ? series.imageIds.length : series.instances.length,
            ...(series.stacks.length > 1 && {
              stacks: series.stacks.map(({ label, count }) => ({ label, imageCount: count })),
            }),
          }));
          void this.thumbnail(series);
          this.reports.seriesLoaded(series);
          return series;
        },
        (error: unknown) => {
          this.updateSeries(seriesInstanceUID, (current) => ({
            ...current,
            status: 'error',
            error: describeError(error),
          }));
          throw error;
        },
      );
    this.loaded.set(seriesInstanceUID, promise);
    return promise;
  }

  private async thumbnail(series: LoadedSeries): Promise<void> {
    if (series.stacks.length > 1) return this.stackThumbnails(series);
    const middle = series.imageIds[Math.floor(series.imageIds.length / 2)];
    if (!middle) return;
    try {
      const thumbnail = await renderThumbnail(middle, this.requestHeaders, this.abort.signal);
      this.updateSeries(series.seriesInstanceUID, (entry) => ({ ...entry, thumbnail }));
    } catch {
      this.updateSeries(series.seriesInstanceUID, (entry) => ({ ...entry, thumbnailFailed: true }));
    }
  }

  /** A split series: each stack's middle image, one after the other. */
  private async stackThumbnails(series: LoadedSeries): Promise<void> {
    for (const [index, { first, count }] of series.stacks.entries()) {
      const middle = series.imageIds[first + Math.floor(count / 2)];
      const thumbnail =
        middle && (await renderThumbnail(middle, this.requestHeaders, this.abort.signal).catch(() => undefined));
      if (!thumbnail) continue;
      this.updateSeries(series.seriesInstanceUID, (entry) => ({
        ...entry,
        stacks: entry.stacks?.map((stack, at) => (at === index ? { ...stack, thumbnail } : stack)),
      }));
    }
  }

  /**
   * Shows a series in a slot (the active one by default) and starts prefetching it; `stack`
   * chooses one stack of a split series (the first by default).
   */
  async showSeries(slot: number, seriesInstanceUID: string, stack = 0): Promise<void> {
    const controller = this.controllers[slot];
    if (!controller) return;
    this.updateSlot(slot, () => ({ ...EMPTY_SLOT, seriesInstanceUID, stack, status: 'loading' }));
    let series: LoadedSeries;
    try {
      series = await this.ensureLoaded(seriesInstanceUID);
    } catch (error) {
      this.updateSlot(slot, () => ({
        ...EMPTY_SLOT,
        seriesInstanceUID,
        status: 'error',
        message: `Series metadata could not be loaded: ${describeError(error)}`,
      }));
      return;
    }
    // A later choice for the same slot wins.
    const shown = this.store.getState().slots[slot];
    if (shown?.seriesInstanceUID !== seriesInstanceUID || (shown.stack ?? 0) !== stack) return;
    controller.show(series, stack);
    this.prefetch(series);
  }

  private prefetch(series: LoadedSeries): void {
    // A disposed viewer has run its disposers: a prefetch started now would never be cancelled.
    if (this.abort.signal.aborted) return;
    if (!series.displayability.displayable || this.prefetching.has(series.seriesInstanceUID)) return;
    this.prefetching.add(series.seriesInstanceUID);
    this.disposers.add(
      prefetchSeries(series.imageIds, (progress) =>
        this.updateSeries(series.seriesInstanceUID, (entry) => ({ ...entry, progress })),
      ),
    );
  }

  setLayout(layout: Layout): void {
    this.store.update((state) => ({ ...state, layout, activeSlot: Math.min(state.activeSlot, slotCount(layout) - 1) }));
  }

  setActiveSlot(slot: number): void {
    this.store.update((state) => (state.activeSlot === slot ? state : { ...state, activeSlot: slot }));
  }

  command(command: ViewerCommand): void {
    const state = this.store.getState();
    const slot = state.activeSlot;
    const controller = this.controllers[slot];
    if (!controller) return;
    if (command.type === 'tool') {
      // Before the tools have loaded the choice is kept in the store, and applied when they arrive.
      loadedTools()?.setPrimaryTool(command.tool);
      this.store.update((current) => ({ ...current, primaryTool: command.tool }));
    } else if (command.type === 'toggleOverlay') {
      this.store.update((current) => ({ ...current, overlayHidden: !current.overlayHidden }));
    } else if (command.type === 'toggleOverlayPlanes') {
      const hidden = !state.overlayPlanesHidden;
      this.store.update((current) => ({ ...current, overlayPlanesHidden: hidden }));
      for (const each of this.controllers) each.showOverlayPlanes(!hidden);
    } else if (command.type === 'toggleKeyImage') {
      this.toggleKeyImage();
    } else if (command.type === 'nextKeyImage') {
      this.nextKeyImage();
    } else if (command.type === 'layout') {
      const next = command.layout ?? LAYOUTS[(LAYOUTS.indexOf(state.layout) + 1) % LAYOUTS.length]!;
      this.setLayout(next);
    } else {
      runCommand(controller, command, state.slots[slot] ?? EMPTY_SLOT, (update) => this.updateSlot(slot, update));
    }
  }

  /** Marks or unmarks the image the active viewport shows as a key image. */
  toggleKeyImage(): void {
    const image = this.reports.index.refOf(this.activeController()?.currentImageId);
    if (image) this.reports.toggleKeyImage(image);
  }

  setKeyImageNote(image: ImageRef, note: string): void {
    this.reports.setKeyImageNote(image, note);
  }

  removeKeyImage(image: ImageRef): void {
    this.reports.removeKeyImage(image);
  }

  nextKeyImage(): void {
    const next = this.reports.nextKeyImage(this.reports.index.refOf(this.activeController()?.currentImageId));
    if (next) void this.showImage(next);
  }

  /**
   * Where an image sits in its stack, 0-based (the viewport's "Im" counter shows it plus one), once
   * the series' metadata is in; undefined before, or for an image not in these studies.
   */
  stackIndexOf(image: ImageRef): number | undefined {
    const position = this.reports.index.positionOf(image);
    if (!position) return undefined;
    // A split series registers its stacks one after the other: count within the image's own stack.
    let index = position.index;
    for (const { imageCount } of this.entry(position.seriesInstanceUID)?.stacks ?? []) {
      if (index < imageCount) break;
      index -= imageCount;
    }
    return index;
  }

  /** Shows an image in the active viewport, putting its series there first when another is shown. */
  async showImage(image: ImageRef): Promise<void> {
    const slot = this.store.getState().activeSlot;
    const seriesInstanceUID = this.reports.index.positionOf(image)?.seriesInstanceUID ?? image.seriesInstanceUID;
    if (!seriesInstanceUID || !this.entry(seriesInstanceUID)) return;
    // In a split series the image is in one of its stacks, which the slot must show.
    const loaded = await this.ensureLoaded(seriesInstanceUID).catch(() => undefined);
    const at = this.reports.index.positionOf(image)?.index ?? 0;
    const stack = Math.max(0, loaded?.stacks.findIndex(({ first, count }) => at >= first && at < first + count) ?? 0);
    const shown = this.store.getState().slots[slot];
    if (shown?.seriesInstanceUID !== seriesInstanceUID || (shown.stack ?? 0) !== stack)
      await this.showSeries(slot, seriesInstanceUID, stack);
    await slotShown(this.store, slot, seriesInstanceUID);
    const position = this.reports.index.positionOf(image);
    if (position && this.store.getState().slots[slot]?.seriesInstanceUID === seriesInstanceUID)
      this.controllers[slot]?.jumpTo(position.index - (loaded?.stacks[stack]?.first ?? 0));
  }

  deleteMeasurement(uid: string): void {
    this.reports.deleteMeasurement(uid);
  }

  labelMeasurement(uid: string, label: string): void {
    this.reports.labelMeasurement(uid, label);
  }

  async showMeasurement(uid: string): Promise<void> {
    const image = this.reports.measurementImage(uid);
    if (image) await this.showImage(image);
  }

  setReportOverlays(sopInstanceUID: string, shown: boolean): void {
    this.reports.setReportOverlays(sopInstanceUID, shown);
  }

  setOpinion(opinion: Opinion): void {
    this.reports.setOpinion(opinion);
  }

  /** Restores the draft saved under `key` (opinion, measurements, key images) and saves every change until sent. */
  keepDrafts(storage: DraftStorage, key: string): void {
    this.reports.keepDrafts(storage, key);
  }

  /** Stores the opinion, measurements and key images into the study (SR, and KOS when images are marked). */
  send(options: SendOptions): Promise<void> {
    return this.reports.send(options);
  }

  private activeController(): ViewportController | undefined {
    return this.controllers[this.store.getState().activeSlot];
  }

  /** Updates the cursor readout of a slot from a pointer position in the viewport (CSS pixels); undefined clears it. */
  hover(slot: number, canvasPoint: readonly [number, number] | undefined): void {
    const cursor = canvasPoint && this.controllers[slot]?.pixelAt(canvasPoint);
    this.updateSlot(slot, (current) => (current.cursor === cursor ? current : { ...current, cursor }));
  }

  /** The instance behind the image a slot shows (its first instance for a placeholder), for the tag browser. */
  currentInstance(slot: number): DicomJsonDataset | undefined {
    const controller = this.controllers[slot];
    const series = controller?.loadedSeries;
    if (!series) return undefined;
    const imageId = controller.currentImageId;
    const index = imageId ? series.imageIds.indexOf(imageId) : -1;
    return series.instances[index >= 0 ? series.instanceOfImage[index]! : 0];
  }

  private entry(seriesInstanceUID: string): SeriesEntry | undefined {
    return this.store.getState().series.find((entry) => entry.seriesInstanceUID === seriesInstanceUID);
  }

  private updateSeries(seriesInstanceUID: string, update: (entry: SeriesEntry) => SeriesEntry): void {
    this.store.update((state) => ({
      ...state,
      series: state.series.map((entry) => (entry.seriesInstanceUID === seriesInstanceUID ? update(entry) : entry)),
    }));
  }

  private updateSlot(slot: number, update: (slot: SlotState) => SlotState): void {
    this.store.update((state) => {
      const current = state.slots[slot];
      if (!current) return state;
      const next = update(current);
      return next === current
        ? state
        : { ...state, slots: state.slots.map((value, index) => (index === slot ? next : value)) };
    });
  }
}
