import type { Types } from '@cornerstonejs/core';

/**
 * Two faults of Cornerstone 5.14's CPU path (StackViewport with useCPURendering), put right on each
 * CPU-drawn viewport as it is created.
 *
 * 1. Coordinates at a device pixel ratio other than 1. Its coordinate functions (StackViewport's
 * canvasToWorldCPU, worldToCanvasCPU, getImageDataCPU, setCameraCPU) turn CSS pixels into canvas
 * pixels with cssToDevicePixels, that is times window.devicePixelRatio: they assume a canvas backed
 * at device pixels, as the WebGL path's is. But the CPU path sizes its canvas in CSS pixels:
 * BaseRenderingEngine.addCustomViewport and the CPU resize (StackViewport._resizeCPU →
 * cpuFallback/rendering/resize.js setCanvasSize) set canvas.width = clientWidth. The image is drawn
 * and fitted in those CSS pixels while every point is read in device pixels, so at a ratio of 3 a
 * mouse position lands 3× too far from the canvas corner (measurements misplaced, "Zoom 25%" for
 * 76%, image-space layers off).
 *
 * The fix keeps Cornerstone's coordinate functions and gives them the canvas they assume: after
 * each CPU resize the canvas is backed at device pixels and the image scale grows by the same
 * factor (the scale is canvas pixels per image pixel), so the picture does not change size. One
 * formula also still uses CSS pixels: setCameraCPU turns a parallel scale (half the view's height
 * in mm, what the zoom tool sets) into a scale with clientHeight; a camera given only a parallel
 * scale gets the scale worked out here from the device height instead.
 *
 * 2. Annotations before the first image. The CPU path renders (IMAGE_RENDERED) before its first
 * image arrives, while the stack already names that image as current, so the tools draw its
 * annotations (a stored report's, read from metadata before any pixels): worldToCanvasCPU then
 * throws, having no image geometry. The throw escapes @cornerstonejs/tools'
 * AnnotationRenderingEngine (_renderFlaggedViewports never resets _animationFrameSet), which then
 * draws no annotation again on the page. Until the viewport has an image no annotation counts as
 * viewable on it (isReferenceViewable, what the tools filter by); they stay in the annotation state
 * and are drawn with the first image.
 *
 * Also, its zoom (getZoom/setZoom, and so setViewPresentation's) is canvas pixels per image pixel,
 * not a multiple of the fitted view as on the WebGL path: fitCpuViewport fits it instead.
 */

interface CpuFallbackElement {
  readonly canvas: HTMLCanvasElement;
  readonly image?: { readonly rowPixelSpacing?: number };
  readonly viewport: { scale?: number };
}

type IsReferenceViewable = Types.IStackViewport['isReferenceViewable'];

/** The parts of Cornerstone 5.14's StackViewport that its CPU path keeps out of the public type. */
interface CpuStackViewport {
  readonly useCPURendering?: boolean;
  readonly element: HTMLDivElement;
  readonly _cpuFallbackEnabledElement: CpuFallbackElement;
  _resizeCPU: () => void;
  setCameraCPU: (camera: Types.ICamera) => void;
  setCamera: (camera: Types.ICamera) => void;
  isReferenceViewable: IsReferenceViewable;
  resetCamera: (options: { resetPan: boolean; resetZoom: boolean }) => void;
}

const pixelRatio = () => window.devicePixelRatio || 1;

/** Backs the canvas at device pixels, scaling the image with it so it keeps its size on screen. */
function backAtDevicePixels({ canvas, image, viewport }: CpuFallbackElement): void {
  const width = Math.round(canvas.clientWidth * pixelRatio());
  const height = Math.round(canvas.clientHeight * pixelRatio());
  if (!width || !height || (canvas.width === width && canvas.height === height)) return;
  const growth = canvas.width ? width / canvas.width : 1;
  canvas.width = width;
  canvas.height = height;
  if (image && typeof viewport.scale === 'number') viewport.scale *= growth;
}

function backCanvasAtDevicePixels(viewport: CpuStackViewport): void {
  const resizeInCssPixels = viewport._resizeCPU;
  viewport._resizeCPU = () => {
    resizeInCssPixels();
    backAtDevicePixels(viewport._cpuFallbackEnabledElement);
  };
  const setCameraCPU = viewport.setCameraCPU.bind(viewport);
  const setCameraInDevicePixels = (camera: Types.ICamera) => {
    const { image } = viewport._cpuFallbackEnabledElement;
    const { parallelScale, scale } = camera;
    if (parallelScale && scale === undefined && image?.rowPixelSpacing) {
      const deviceHeight = viewport.element.clientHeight * pixelRatio();
      setCameraCPU({ ...camera, scale: (deviceHeight * image.rowPixelSpacing * 0.5) / parallelScale });
    } else setCameraCPU(camera);
  };
  // Cornerstone's own CPU functions call this.setCameraCPU; its public setCamera was bound to the
  // same function when the viewport chose its pipeline.
  viewport.setCameraCPU = setCameraInDevicePixels;
  viewport.setCamera = setCameraInDevicePixels;
  viewport._resizeCPU();
}

function noAnnotationsBeforeImage(viewport: CpuStackViewport): void {
  const isReferenceViewable = viewport.isReferenceViewable.bind(viewport);
  viewport.isReferenceViewable = (reference, options) =>
    viewport._cpuFallbackEnabledElement.image !== undefined && isReferenceViewable(reference, options);
}

/** Puts right the CPU path's faults above on a viewport it draws; nothing for a WebGL one. Call once, on creation. */
export function fixCpuViewport(stackViewport: Types.IStackViewport): void {
  const viewport = stackViewport as unknown as CpuStackViewport;
  if (!viewport.useCPURendering) return;
  backCanvasAtDevicePixels(viewport);
  noAnnotationsBeforeImage(viewport);
}

/**
 * Fits and centres the image of a CPU-drawn viewport, keeping its flips and rotation; false for a
 * WebGL one (there setViewPresentation's zoom 1 fits). Cornerstone's CPU resetCamera fits and
 * centres but clears the flips (cpuFallback/rendering/resetCamera.js), so they are put back.
 */
export function fitCpuViewport(stackViewport: Types.IStackViewport): boolean {
  const viewport = stackViewport as unknown as CpuStackViewport;
  if (!viewport.useCPURendering) return false;
  const { flipHorizontal, flipVertical } = stackViewport.getCamera();
  viewport.resetCamera({ resetPan: true, resetZoom: true });
  stackViewport.setCamera({ flipHorizontal, flipVertical });
  return true;
}
