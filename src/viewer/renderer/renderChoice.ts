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
 * The GPU on graphics hardware, the CPU on a software rasterizer, where Cornerstone's CPU path
 * scrolls about three times faster (its coordinates at device pixel ratios other than 1 are put
 * right by cpuViewport.ts). An explicit choice wins, except that without WebGL2 (16-bit
 * textures) there is no GPU path to choose.
 */
export function chooseRenderMode(capabilities: RenderCapabilities, override: RenderMode | undefined): RenderChoice {
  const { renderer } = capabilities;
  if (!capabilities.webgl2) return { mode: 'cpu', reason: 'no-webgl2', renderer };
  if (override) return { mode: override, reason: 'requested', renderer };
  if (isSoftwareRenderer(renderer)) return { mode: 'cpu', reason: 'software-webgl', renderer };
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
    title: `Drawn on the CPU: this browser's WebGL is a software renderer (${renderer}), which reads every frame back and scrolls about three times slower. render=gpu uses it anyway.`,
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
