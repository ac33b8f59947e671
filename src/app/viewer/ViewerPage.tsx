import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { isUid } from '../../dicom/uid';
import { Viewer } from '../../viewer/viewer';
import { AppHeader } from '../AppHeader';
import { useDataSource } from '../DataSourceProvider';
import { SeriesPanel } from './SeriesPanel';
import { ShortcutHelp } from './ShortcutHelp';
import { TagBrowser } from './TagBrowser';
import { Toolbar } from './Toolbar';
import { useViewerKeys } from './useViewerKeys';
import { useViewer, ViewerContext } from './useViewer';
import { ViewportGrid } from './ViewportGrid';
import './viewer.css';

/** `/viewer?StudyInstanceUIDs=<uid>[,<uid>]`, the OHIF-compatible launch URL. */
function useStudyUids(): string[] {
  const [params] = useSearchParams();
  const raw = params.get('StudyInstanceUIDs') ?? '';
  return useMemo(() => raw.split(',').map((uid) => uid.trim()).filter(Boolean), [raw]);
}

export default function ViewerPage() {
  const { client } = useDataSource();
  const studyUids = useStudyUids();
  const invalid = studyUids.filter((uid) => !isUid(uid));
  const [viewer, setViewer] = useState<Viewer>();
  const key = studyUids.join(',');

  useEffect(() => {
    if (!key || invalid.length) return;
    // Created in the effect so StrictMode's mount–unmount–mount disposes the first one cleanly.
    const instance = new Viewer(client);
    setViewer(instance);
    void instance.open(key.split(','));
    return () => instance.dispose();
  }, [client, key, invalid.length]);

  if (!key || invalid.length) {
    return (
      <div className="app">
        <AppHeader />
        <p className="page-status" role="alert">
          {key ? `Not a valid Study Instance UID: ${invalid.join(', ')}` : 'No study selected: open the viewer from the study list.'}
        </p>
      </div>
    );
  }
  if (!viewer) return null;
  return (
    <ViewerContext.Provider value={viewer}>
      <ViewerShell />
    </ViewerContext.Provider>
  );
}

function ViewerShell() {
  const [help, setHelp] = useState(false);
  const [tags, setTags] = useState(false);
  const toggleHelp = useCallback(() => setHelp((open) => !open), []);
  const toggleTags = useCallback(() => setTags((open) => !open), []);
  const closeDialogs = useCallback(() => {
    setHelp(false);
    setTags(false);
  }, []);
  useViewerKeys({ toggleHelp, toggleTags, closeDialogs });
  const mode = useViewer((state) => state.renderMode);
  return (
    <div className="viewer" data-render-mode={mode}>
      <Toolbar onHelp={toggleHelp} onTags={toggleTags} />
      <div className="viewer-body">
        <SeriesPanel />
        <ViewportGrid />
        {tags && <TagBrowser onClose={() => setTags(false)} />}
      </div>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
