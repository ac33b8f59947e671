export type RenderMode = 'gpu' | 'cpu';

/** Why the viewer draws where it does; the indicator says it on hover. */
export type RenderReason = 'gpu' | 'requested' | 'software-webgl' | 'no-webgl2' | 'context-lost';

export interface RenderChoice {
  readonly mode: RenderMode;
  readonly reason: RenderReason;
  /** The WebGL renderer's name as the browser gives it ('' when unknown). */
  readonly renderer: string;
}

/**
 * WebGL drawn by the CPU (SwiftShader, llvmpipe, softpipe, WARP's "Microsoft Basic Render Driver").
 * There every rendered frame is read back from the software rasterizer (~40 ms for a 512² CT), and
 * Cornerstone's own CPU path, which draws straight into a 2D canvas, scrolls about three times faster.
 */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

interface RenderCapabilities {
  readonly webgl2: boolean;
  readonly renderer: string;
}

/**
 * WebGL wherever there is WebGL2, unless the reader asks for the CPU (`?render=cpu`). On a software
 * rasterizer the CPU path would scroll faster, but it is not chosen for the reader: Cornerstone
 * 5.14's CPU path maps canvas to image coordinates off by the device pixel ratio (a 3× phone read
 * "Zoom 25%" for 76%, so measurements would land misplaced), and it threw while drawing a
 * consultant's annotations before the image had arrived. The badge says the WebGL is software and
 * the hover names the faster path. Without WebGL2 (16-bit textures) there is no GPU path to choose.
 */
export function chooseRenderMode(capabilities: RenderCapabilities, override: RenderMode | undefined): RenderChoice {
  const { renderer } = capabilities;
  if (!capabilities.webgl2) return { mode: 'cpu', reason: 'no-webgl2', renderer };
  if (override) return { mode: override, reason: 'requested', renderer };
  if (isSoftwareRenderer(renderer)) return { mode: 'gpu', reason: 'software-webgl', renderer };
  return { mode: 'gpu', reason: 'gpu', renderer };
}

const LABELS: Record<RenderReason, (choice: RenderChoice) => { label: string; title: string }> = {
  gpu: ({ renderer }) => ({ label: 'GPU', title: `Drawn with WebGL on ${renderer || 'the GPU'}` }),
  requested: ({ mode, renderer }) =>
    mode === 'gpu'
      ? { label: 'GPU', title: `Drawn with WebGL on ${renderer || 'the GPU'}, as asked (render=gpu)` }
      : { label: 'CPU', title: 'Drawn on the CPU, as asked (render=cpu); render=auto chooses again' },
  'software-webgl': ({ renderer }) => ({
    label: 'GPU: software WebGL',
    title: `Drawn with WebGL on a software renderer (${renderer}): scrolling is slow here. render=cpu draws on the CPU, faster, with measurements reliable only on screens of pixel ratio 1.`,
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
