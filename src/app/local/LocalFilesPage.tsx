import { useEffect, useState } from 'react';
import { localSeriesSource, readLocalFiles, type LocalFiles } from '../../viewer/localSeriesSource';
import { Viewer } from '../../viewer/viewer';
import { AppHeader } from '../AppHeader';
import { useDataSource } from '../DataSourceProvider';
import type { ReplyMode } from '../viewer/report/replyMode';
import { prefersTouchLayout } from '../viewer/useTouchLayout';
import { ViewerContext } from '../viewer/useViewer';
import { ViewerShell } from '../viewer/ViewerPage';
import { takeLocalFiles } from './localFiles';
import { LocalPicker } from './LocalPicker';
import { SkippedFiles } from './SkippedFiles';
import './local.css';

/** Files from the device are nobody's study on the gateway: nothing to reply into or save to. */
const NO_REPLY: ReplyMode = { kind: 'none' };

type Reading =
  | { kind: 'reading'; read: number; total: number }
  | { kind: 'read'; files: LocalFiles }
  | { kind: 'failed'; message: string };

/**
 * `/local`: DICOM files from this device, read and rendered by this browser only. Anyone may use
 * it, signed in or not; the files come from its own picker or from the page that handed them over.
 */
export default function LocalFilesPage() {
  const [picked, setPicked] = useState<File[]>(takeLocalFiles);
  const [reading, setReading] = useState<Reading>();
  const [skippedOpen, setSkippedOpen] = useState(false);

  useEffect(() => {
    if (picked.length === 0) return;
    const abort = new AbortController();
    const total = picked.length;
    setReading({ kind: 'reading', read: 0, total });
    setSkippedOpen(false);
    readLocalFiles(picked, (read) => setReading({ kind: 'reading', read, total }), abort.signal).then(
      (files) => !abort.signal.aborted && setReading({ kind: 'read', files }),
      (error: unknown) =>
        !abort.signal.aborted &&
        setReading({ kind: 'failed', message: error instanceof Error ? error.message : 'The files could not be read' }),
    );
    return () => abort.abort();
  }, [picked]);

  const openOther = () => {
    setPicked([]);
    setReading(undefined);
  };
  const files = reading?.kind === 'read' ? reading.files : undefined;
  if (files && files.instanceCount > 0) {
    return (
      <div className="local-frame">
        <p className="local-banner" role="status" aria-label="Images from this device">
          <span>These images are shown on this device only — nothing was uploaded</span>
          {files.skipped.length > 0 && (
            <button
              type="button"
              className="local-banner-link"
              aria-expanded={skippedOpen}
              onClick={() => setSkippedOpen(!skippedOpen)}
            >
              {files.skipped.length} skipped
            </button>
          )}
          <button type="button" className="local-banner-link" onClick={openOther}>
            Open other files
          </button>
        </p>
        {skippedOpen && <SkippedFiles skipped={files.skipped} />}
        <LocalViewer files={files} />
      </div>
    );
  }
  return (
    <div className="app local-page">
      <AppHeader />
      <main className="local-main">
        <LocalPicker onPick={setPicked} />
        {reading?.kind === 'reading' && (
          <p className="page-status" role="status">
            Reading {reading.read} of {reading.total} files on this device…
          </p>
        )}
        {reading?.kind === 'failed' && (
          <p className="local-error" role="alert">
            {reading.message}
          </p>
        )}
        {files && (
          <>
            <p className="local-error" role="alert">
              None of these files is an image this viewer can show.
            </p>
            <SkippedFiles skipped={files.skipped} />
          </>
        )}
      </main>
    </div>
  );
}

/** The ordinary viewer, its series read from the files instead of a DICOMweb server. */
function LocalViewer({ files }: { files: LocalFiles }) {
  const { client } = useDataSource();
  const [viewer, setViewer] = useState<Viewer>();
  useEffect(() => {
    // Made in the effect, as ViewerPage does, so StrictMode's second mount gets a whole new viewer and source.
    const source = localSeriesSource(files);
    const instance = new Viewer(client, {
      source,
      primaryTool: prefersTouchLayout() ? 'StackScroll' : 'WindowLevel',
    });
    setViewer(instance);
    void instance.open(files.studyInstanceUIDs);
    return () => {
      instance.dispose();
      source.release();
    };
  }, [client, files]);
  if (!viewer) return null;
  return (
    <ViewerContext.Provider value={viewer}>
      <ViewerShell reply={NO_REPLY} patient={undefined} />
    </ViewerContext.Provider>
  );
}
