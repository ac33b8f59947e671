import { useEffect, useRef, useState } from 'react';
import { thumbnailPixels } from './thumbnailPixels';

/**
 * A picture of one image of a series, drawn from the file on this device. Compressed or colour
 * images get a placeholder: the page only needs the sender to recognise the series.
 */
export function LocalThumbnail({ file, label }: { file: Blob; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState<boolean>();
  useEffect(() => {
    let live = true;
    void file.arrayBuffer().then((buffer) => {
      const pixels = live ? thumbnailPixels(new Uint8Array(buffer)) : undefined;
      const context = canvas.current?.getContext('2d');
      if (!live) return;
      if (!pixels || !canvas.current || !context) {
        setDrawn(false);
        return;
      }
      canvas.current.width = pixels.width;
      canvas.current.height = pixels.height;
      context.putImageData(
        new ImageData(pixels.rgba as Uint8ClampedArray<ArrayBuffer>, pixels.width, pixels.height),
        0,
        0,
      );
      setDrawn(true);
    });
    return () => {
      live = false;
    };
  }, [file]);
  return (
    <div className="upload-thumb">
      <canvas ref={canvas} role="img" aria-label={label} hidden={drawn !== true} />
      {drawn === false && (
        <span className="upload-thumb-none" title="No preview for this kind of image; it is sent as it is">
          No preview
        </span>
      )}
    </div>
  );
}
