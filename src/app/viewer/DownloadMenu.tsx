import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { exportFileName, exportViewportImage, ExportImageError, type ImageFormat } from '../../viewer/exportImage';
import { downloadLinks, mayDownload } from '../api/downloadApi';
import { useSession } from '../auth/SessionProvider';
import { PrintView, type PrintedImage } from './PrintView';
import { useViewer } from './useViewer';
import './downloadMenu.css';

/**
 * Download and print, for staff and for link recipients whose share allows it (absent otherwise):
 * the studies as a DICOM zip, the active viewport as PNG or JPEG with or without overlays, and a
 * clean printed page of the viewports with the patient and study header.
 */
export function DownloadMenu() {
  const { session } = useSession();
  const [params] = useSearchParams();
  const rawUids = params.get('StudyInstanceUIDs') ?? '';
  const studyUids = useMemo(
    () =>
      rawUids
        .split(',')
        .map((uid) => uid.trim())
        .filter(Boolean),
    [rawUids],
  );
  const activeSlot = useViewer((state) => state.activeSlot);
  const menu = useRef<HTMLDetailsElement>(null);
  const [overlays, setOverlays] = useState(true);
  const [error, setError] = useState<string>();
  const [printing, setPrinting] = useState<PrintedImage[]>();

  const panes = () => [...(menu.current?.closest('.viewer') ?? document).querySelectorAll<HTMLElement>('.viewport')];
  const close = () => menu.current?.removeAttribute('open');

  const saveImage = async (format: ImageFormat) => {
    setError(undefined);
    const pane = panes().find((candidate) => candidate.dataset.slot === String(activeSlot));
    try {
      if (pane === undefined) throw new ExportImageError('There is no viewport to save');
      const blob = await exportViewportImage(pane, { format, overlays });
      saveBlob(blob, exportFileName(format, [`viewport${activeSlot + 1}`, overlays ? 'overlay' : undefined]));
      close();
    } catch (failure) {
      setError(failure instanceof ExportImageError ? failure.message : 'The image could not be saved');
    }
  };

  const print = async () => {
    setError(undefined);
    const shown = panes().filter((pane) => pane.querySelector('.viewport-overlay[data-status="ready"]') !== null);
    const images: PrintedImage[] = [];
    for (const pane of shown) {
      const blob = await exportViewportImage(pane, { format: 'png', overlays: true }).catch(() => undefined);
      if (blob) images.push({ url: URL.createObjectURL(blob), label: `Viewport ${Number(pane.dataset.slot) + 1}` });
    }
    if (images.length === 0) {
      setError('There is no image to print yet');
      return;
    }
    close();
    setPrinting(images);
  };

  // The page goes to the printer once the header has arrived and the images are decoded.
  const printReady = useCallback(() => {
    void Promise.all(
      [...document.querySelectorAll<HTMLImageElement>('.print-view img')].map((image) =>
        image.decode().catch(() => undefined),
      ),
    ).then(() => window.print());
  }, []);

  useEffect(() => {
    if (printing === undefined) return;
    const done = () => setPrinting(undefined);
    window.addEventListener('afterprint', done);
    return () => {
      window.removeEventListener('afterprint', done);
      for (const image of printing) URL.revokeObjectURL(image.url);
    };
  }, [printing]);

  if (!mayDownload(session)) return null;
  return (
    <details ref={menu} className="download-menu">
      <summary className="button tool" title="Download or print">
        Download
      </summary>
      <div className="download-menu-items" role="menu" aria-label="Download">
        {downloadLinks(session, studyUids).map((link) => (
          <a key={link.href} className="button tool" role="menuitem" href={link.href} download onClick={close}>
            {link.label}
          </a>
        ))}
        <button type="button" className="button tool" role="menuitem" onClick={() => void saveImage('png')}>
          Image as PNG
        </button>
        <button type="button" className="button tool" role="menuitem" onClick={() => void saveImage('jpeg')}>
          Image as JPEG
        </button>
        <label className="check">
          <input type="checkbox" checked={overlays} onChange={(event) => setOverlays(event.target.checked)} />
          With overlays and measurements
        </label>
        <button type="button" className="button tool" role="menuitem" onClick={() => void print()}>
          Print…
        </button>
        {error && (
          <p className="download-menu-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {printing && <PrintView studyUids={studyUids} images={printing} onReady={printReady} />}
    </details>
  );
}

export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // After the click has handed the file to the browser's download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
