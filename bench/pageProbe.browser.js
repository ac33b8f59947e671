// Injected into every viewer's page before its own scripts (addInitScript), so that all viewers
// are timed by the same code. It reads pixels the way a person sees them: the largest visible
// <canvas> or <img> is drawn into a small 2D canvas each animation frame and counted as an image once
// enough of it is brighter than the background. Pixel sampling runs only until the first image
// and while the harness scrolls, so it does not slow the loading it measures.
(() => {
  /** @type {{ progressSelector?: string, partialSelector?: string }} */
  const config = window.__benchProbeConfig ?? {};
  const SAMPLE = 96;
  const MIN_SIDE = 128;
  const LIT_LEVEL = 24;
  // The first slice of a head CT can be a thin headrest arc on black: a few lit pixels are an image.
  const MIN_LIT_FRACTION = 0.002;
  // A viewer that paints a preview first says so with an element (partialSelector); its absence
  // for this many frames in a row after the first image counts as the full-quality image, so a
  // badge that React adds a frame after the preview's paint does not pass for "full quality".
  const FULL_QUALITY_FRAMES = 3;
  const scratch = document.createElement('canvas');
  scratch.width = SAMPLE;
  scratch.height = SAMPLE;
  const context = scratch.getContext('2d', { willReadFrequently: true });
  const state = {
    firstImageMs: null,
    fullQualityMs: null,
    fullQualityCandidateMs: null,
    fullQualityFrames: 0,
    progressSeenMs: null,
    loadedMs: null,
    watching: false,
    changes: 0,
    lastChangeMs: null,
    hash: 0,
    sampleErrors: 0,
    samples: 0,
    sampleMs: 0,
  };
  window.__benchProbe = state;

  // A picture is a canvas a viewer draws into, or an <img> a page shows (a server-rendered first image).
  const isShown = (element) =>
    element instanceof HTMLCanvasElement
      ? element.width > 0 && element.height > 0
      : element.complete && element.naturalWidth > 0;

  const largestPicture = () => {
    let best = null;
    let bestArea = 0;
    for (const element of document.querySelectorAll('canvas, img')) {
      const box = element.getBoundingClientRect();
      const area = box.width * box.height;
      // Of pictures the same size, the later one: it is drawn over the earlier (a preview laid over
      // a viewport that has not drawn yet).
      if (box.width >= MIN_SIDE && box.height >= MIN_SIDE && isShown(element) && area >= bestArea) {
        best = element;
        bestArea = area;
      }
    }
    return best;
  };

  const sample = (picture) => {
    context.clearRect(0, 0, SAMPLE, SAMPLE);
    context.drawImage(picture, 0, 0, SAMPLE, SAMPLE);
    const data = context.getImageData(0, 0, SAMPLE, SAMPLE).data;
    let lit = 0;
    let hash = 2166136261;
    for (let index = 0; index < data.length; index += 4) {
      const level = Math.max(data[index], data[index + 1], data[index + 2]);
      if (data[index + 3] > 0 && level > LIT_LEVEL) lit++;
      hash = Math.imul(hash ^ level, 16777619);
    }
    return { litFraction: lit / (SAMPLE * SAMPLE), hash };
  };

  const tick = () => {
    const now = performance.now();
    if (config.progressSelector) {
      const busy = document.querySelector(config.progressSelector) !== null;
      if (busy && state.progressSeenMs === null) state.progressSeenMs = now;
      if (!busy && state.progressSeenMs !== null && state.loadedMs === null) state.loadedMs = now;
    }
    if (state.firstImageMs === null || state.watching) {
      const picture = largestPicture();
      if (picture) {
        try {
          const began = performance.now();
          const { litFraction, hash } = sample(picture);
          state.samples++;
          state.sampleMs += performance.now() - began;
          if (state.firstImageMs === null && litFraction >= MIN_LIT_FRACTION) {
            state.firstImageMs = now;
            state.hash = hash;
          }
          if (state.watching && hash !== state.hash) {
            state.hash = hash;
            state.changes++;
            state.lastChangeMs = now;
          }
        } catch {
          state.sampleErrors++;
        }
      }
    }
    if (state.firstImageMs !== null && state.fullQualityMs === null) {
      if (!config.partialSelector) state.fullQualityMs = state.firstImageMs;
      else if (document.querySelector(config.partialSelector) !== null) state.fullQualityFrames = 0;
      else {
        if (state.fullQualityFrames === 0) state.fullQualityCandidateMs = now;
        if (++state.fullQualityFrames >= FULL_QUALITY_FRAMES) state.fullQualityMs = state.fullQualityCandidateMs;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);

  // Scrolling runs here rather than from the harness, so that round trips to the test process
  // do not count against a viewer. Key events are synthetic: every viewer here listens for
  // keydown in page script and none checks isTrusted; keyCode is set for the jQuery UI slider.
  const KEY_CODES = { ArrowDown: 40, ArrowUp: 38, ArrowRight: 39, ArrowLeft: 37 };
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const press = (key) => {
    const target = document.activeElement ?? document.body;
    const init = { key, code: key, keyCode: KEY_CODES[key], which: KEY_CODES[key], bubbles: true, cancelable: true };
    target.dispatchEvent(new KeyboardEvent('keydown', init));
    target.dispatchEvent(new KeyboardEvent('keyup', init));
  };
  /**
   * One key press per image, each waiting until the picture changed (painted) or the timeout.
   * Three unchanged pictures in a row mean the end of the stack: the direction turns, and those
   * presses are not counted as failures.
   */
  window.__benchScroll = async (steps, nextKey, previousKey, stepTimeoutMs) => {
    state.watching = true;
    await nextFrame();
    await nextFrame();
    const [samplesBefore, sampleMsBefore] = [state.samples, state.sampleMs];
    const latencies = [];
    let unpainted = 0;
    let unchangedInARow = 0;
    let ends = 0;
    let key = nextKey;
    const started = performance.now();
    let lastPaint = started;
    while (latencies.length < steps && unpainted < steps && ends < 3) {
      const before = state.changes;
      const pressed = performance.now();
      press(key);
      while (state.changes === before && performance.now() - pressed < stepTimeoutMs) await nextFrame();
      if (state.changes !== before) {
        latencies.push(state.lastChangeMs - pressed);
        lastPaint = state.lastChangeMs;
        unchangedInARow = 0;
        continue;
      }
      unpainted++;
      if (++unchangedInARow === 3) {
        unpainted -= 3;
        ends++;
        key = key === nextKey ? previousKey : nextKey;
        unchangedInARow = 0;
      }
    }
    state.watching = false;
    const probeMsPerFrame = (state.sampleMs - sampleMsBefore) / Math.max(1, state.samples - samplesBefore);
    return { latencies, unpainted, spanMs: lastPaint - started, probeMsPerFrame };
  };
})();
