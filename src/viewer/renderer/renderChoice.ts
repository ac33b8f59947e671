export type RenderMode = 'gpu' | 'cpu';

/** Why the viewer draws where it does; the indicator says it on hover. */
export type RenderReason =
  'gpu' | 'requested' | 'software-webgl' | 'software-webgl-scaled' | 'no-webgl2' | 'context-lost';

export interface RenderChoice {
  readonly mode: RenderMode;
  readonly reason: RenderReason;
  /** The WebGL renderer's name as the browser gives it ('' when unknown). */
  readonly renderer: string;
}

/**
 * WebGL drawn by the CPU (SwiftShader, llvmpipe, softpipe, WARP's "Microsoft Basic Render Driver").
 * There every rendered frame is read back from the software rasterizer (~40 ms for a 512² CT), so
 * Cornerstone's own CPU path, which draws straight into a 2D canvas, scrolls faster.
 */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

interface RenderCapabilities {
  readonly webgl2: boolean;
  readonly renderer: string;
  /** window.devicePixelRatio. */
  readonly pixelRatio: number;
}

/**
 * GPU on real graphics hardware, the CPU on a software rasterizer. An explicit choice wins, except
 * that without WebGL2 (16-bit textures) there is no GPU path to choose. Software WebGL on a screen
 * with a device pixel ratio other than 1 stays on the GPU: there Cornerstone 5.14's CPU path maps
 * canvas to image coordinates off by that ratio (a 3× phone read "Zoom 25%" for 76%, and the
 * padding layer landed misplaced), which would put measurements in the wrong place.
 */
export function chooseRenderMode(capabilities: RenderCapabilities, override: RenderMode | undefined): RenderChoice {
  const { renderer } = capabilities;
  if (!capabilities.webgl2) return { mode: 'cpu', reason: 'no-webgl2', renderer };
  if (override) return { mode: override, reason: 'requested', renderer };
  if (isSoftwareRenderer(renderer))
    return capabilities.pixelRatio === 1
      ? { mode: 'cpu', reason: 'software-webgl', renderer }
      : { mode: 'gpu', reason: 'software-webgl-scaled', renderer };
  return { mode: 'gpu', reason: 'gpu', renderer };
}

const LABELS: Record<RenderReason, (choice: RenderChoice) => { label: string; title: string }> = {
  gpu: ({ renderer }) => ({ label: 'GPU', title: `Drawn with WebGL on ${renderer || 'the GPU'}` }),
  requested: ({ mode, renderer }) =>
    mode === 'gpu'
      ? { label: 'GPU', title: `Drawn with WebGL on ${renderer || 'the GPU'}, as asked (render=gpu)` }
      : { label: 'CPU', title: 'Drawn on the CPU, as asked (render=cpu); render=auto chooses again' },
  'software-webgl': ({ renderer }) => ({
    label: 'CPU: software WebGL',
    title: `Drawn on the CPU: this browser's WebGL is a software renderer (${renderer}), slower than the CPU path. render=gpu uses it anyway.`,
  }),
  'software-webgl-scaled': ({ renderer }) => ({
    label: 'GPU: software WebGL',
    title: `Drawn with WebGL on a software renderer (${renderer}): the faster CPU path is not used on a high-density screen, where it places measurements wrongly.`,
  }),
  'no-webgl2': () => ({
    label: 'CPU: no WebGL2',
    title: 'Drawn on the CPU: this browser or its graphics driver offers no WebGL2.',
  }),
  'context-lost': () => ({
    label: 'CPU: GPU lost',
    title: 'Drawn on the CPU: the browser lost its WebGL context (driver reset or too many tabs).',
  }),
};

/** The viewport indicator's text and its hover explanation. */
export function describeRenderChoice(choice: RenderChoice): { label: string; title: string } {
  return LABELS[choice.reason](choice);
}
