/**
 * The image of one viewport as a PNG or JPEG file, at the canvas's own pixel size: Cornerstone's
 * canvas, and with overlays the annotation layer (SVG) and the text over the image drawn on top,
 * where the reader sees them.
 */

export type ImageFormat = 'png' | 'jpeg';

interface ExportOptions {
  format: ImageFormat;
  overlays: boolean;
}

export class ExportImageError extends Error {
  override name = 'ExportImageError';
}

const MIME: Record<ImageFormat, string> = { png: 'image/png', jpeg: 'image/jpeg' };
const JPEG_QUALITY = 0.92;

/** `pane` holds the viewport: Cornerstone's element (canvas and SVG layer) and the text overlay. */
export async function exportViewportImage(pane: HTMLElement, { format, overlays }: ExportOptions): Promise<Blob> {
  const source =
    pane.querySelector<HTMLCanvasElement>('canvas.cornerstone-canvas') ??
    pane.querySelector<HTMLCanvasElement>('canvas');
  if (source === null || source.width === 0 || source.height === 0)
    throw new ExportImageError('There is no image in this viewport to save');
  const out = document.createElement('canvas');
  out.width = source.width;
  out.height = source.height;
  const context = out.getContext('2d');
  if (context === null) throw new ExportImageError('This browser cannot draw the image for saving');
  // JPEG has no transparency, and a PNG of a medical image reads best on the black it was shown on.
  context.fillStyle = '#000';
  context.fillRect(0, 0, out.width, out.height);
  context.drawImage(source, 0, 0);
  if (overlays) {
    const box = source.getBoundingClientRect();
    const scale = box.width > 0 ? out.width / box.width : 1;
    const svg = pane.querySelector<SVGSVGElement>('svg.svg-layer');
    if (svg !== null) await drawSvg(context, svg, box, out);
    drawText(context, pane.querySelector<HTMLElement>('.viewport-overlay'), box, scale);
  }
  return toBlob(out, format);
}

/** A suggested file name: the series number and image position make several saves tell apart. */
export function exportFileName(format: ImageFormat, parts: readonly (string | number | undefined)[]): string {
  const stem = ['image', ...parts.filter((part) => part !== undefined && part !== '')]
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${stem}.${format === 'jpeg' ? 'jpg' : 'png'}`;
}

function toBlob(canvas: HTMLCanvasElement, format: ImageFormat): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new ExportImageError('The image could not be encoded'))),
      MIME[format],
      JPEG_QUALITY,
    ),
  );
}

/** The SVG layer as an image: a serialised copy with its on-screen size, drawn over the same area. */
async function drawSvg(context: CanvasRenderingContext2D, svg: SVGSVGElement, box: DOMRect, out: HTMLCanvasElement) {
  const layer = svg.getBoundingClientRect();
  if (layer.width === 0 || layer.height === 0) return;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(layer.width));
  copy.setAttribute('height', String(layer.height));
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const scale = out.width / box.width;
    context.drawImage(
      image,
      (layer.left - box.left) * scale,
      (layer.top - box.top) * scale,
      layer.width * scale,
      layer.height * scale,
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Each visible line of the text overlay, in its own font and colour, with a shadow to stay legible on any image. */
function drawText(context: CanvasRenderingContext2D, overlay: HTMLElement | null, box: DOMRect, scale: number) {
  if (overlay === null) return;
  const lines = [...overlay.querySelectorAll<HTMLElement>('*')].filter(
    (element) => element.childElementCount === 0 && element.textContent.trim(),
  );
  context.save();
  context.textBaseline = 'top';
  context.shadowColor = 'rgba(0, 0, 0, 0.9)';
  context.shadowBlur = 2 * scale;
  for (const line of lines) {
    const rect = line.getBoundingClientRect();
    const style = getComputedStyle(line);
    if (rect.width === 0 || rect.height === 0 || style.visibility === 'hidden') continue;
    const fontSize = Number.parseFloat(style.fontSize) * scale;
    context.font = `${style.fontStyle} ${style.fontWeight} ${fontSize}px ${style.fontFamily}`;
    context.fillStyle = style.color;
    const align =
      style.textAlign === 'right' || style.textAlign === 'end'
        ? 'right'
        : style.textAlign === 'center'
          ? 'center'
          : 'left';
    context.textAlign = align;
    const x = align === 'right' ? rect.right : align === 'center' ? (rect.left + rect.right) / 2 : rect.left;
    // Vertically centred in its line box, as the browser places it.
    const y = rect.top + (rect.height - Number.parseFloat(style.fontSize)) / 2;
    context.fillText(line.textContent.trim(), (x - box.left) * scale, (y - box.top) * scale);
  }
  context.restore();
}
