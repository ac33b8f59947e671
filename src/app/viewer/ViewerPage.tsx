import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { isUid } from '../../dicom/uid';
import { Viewer } from '../../viewer/viewer';
import type { PatientSessionInfo } from '../api/authApi';
import { AppHeader } from '../AppHeader';
import { useSession } from '../auth/SessionProvider';
import { useDataSource } from '../DataSourceProvider';
import { PatientToolbar } from '../patient/PatientToolbar';
import { draftKey, replyMode, type ReplyMode } from './report/replyMode';
import { useOpeningPictureHandoff } from './FirstImagePreview';
import { SeriesPanel } from './SeriesPanel';
import { Toolbar } from './Toolbar';
import { TouchToolbar } from './TouchToolbar';
import { prefersTouchLayout, useTouchLayout } from './useTouchLayout';
import { useViewerKeys } from './useViewerKeys';
import { useViewer, ViewerContext } from './useViewer';
import { ViewportGrid } from './ViewportGrid';
import './viewer.css';
import './report/report.css';

// Not needed for the first image: each loads when first opened, after the viewer's own code.
const ReportPanel = lazy(() => import('./report/ReportPanel').then((module) => ({ default: module.ReportPanel })));
const ShortcutHelp = lazy(() => import('./ShortcutHelp').then((module) => ({ default: module.ShortcutHelp })));
const TagBrowser = lazy(() => import('./TagBrowser').then((module) => ({ default: module.TagBrowser })));

/** `/viewer?StudyInstanceUIDs=<uid>[,<uid>]`, the OHIF-compatible launch URL. */
function useStudyUids(): string[] {
  const [params] = useSearchParams();
  const raw = params.get('StudyInstanceUIDs') ?? '';
  return useMemo(
    () =>
      raw
        .split(',')
        .map((uid) => uid.trim())
        .filter(Boolean),
    [raw],
  );
}

export default function ViewerPage() {
  const { client, direct } = useDataSource();
  const { session } = useSession();
  const studyUids = useStudyUids();
  const invalid = studyUids.filter((uid) => !isUid(uid));
  const [viewer, setViewer] = useState<Viewer>();
  const key = studyUids.join(',');
  const mode = useMemo(() => replyMode(session, direct), [session, direct]);
  const draftOwner = mode.draftOwner;

  useEffect(() => {
    if (!key || invalid.length) return;
    // Created in the effect so StrictMode's mount–unmount–mount disposes the first one cleanly.
    // On a touch screen one finger scrolls the stack from the start; at a workstation the left button windows.
    const instance = new Viewer(client, { primaryTool: prefersTouchLayout() ? 'StackScroll' : 'WindowLevel' });
    // The draft (opinion, own measurements, key images) is this reader's, for these studies, until sent.
    if (draftOwner !== undefined) instance.keepDrafts(window.localStorage, draftKey(draftOwner, key.split(',')));
    setViewer(instance);
    void instance.open(key.split(','));
    return () => instance.dispose();
  }, [client, key, invalid.length, draftOwner]);

  if (!key || invalid.length) {
    return (
      <div className="app">
        <AppHeader />
        <p className="page-status" role="alert">
          {key
            ? `Not a valid Study Instance UID: ${invalid.join(', ')}`
            : 'No study selected: open the viewer from the study list.'}
        </p>
      </div>
    );
  }
  if (!viewer) return null;
  return (
    <ViewerContext.Provider value={viewer}>
      <ViewerShell reply={mode} patient={session.kind === 'patient' ? session.patient : undefined} />
    </ViewerContext.Provider>
  );
}

/** Which help is open: the keys (asked for with `?` or the desktop button) or the gestures (asked for on the touch bar). */
type Help = 'keys' | 'gestures';

export function ViewerShell({ reply, patient }: { reply: ReplyMode; patient: PatientSessionInfo | undefined }) {
  const [help, setHelp] = useState<Help>();
  const [tags, setTags] = useState(false);
  const toggleHelp = useCallback(() => setHelp((open) => (open ? undefined : 'keys')), []);
  const showGestures = useCallback(() => setHelp('gestures'), []);
  const toggleTags = useCallback(() => setTags((open) => !open), []);
  const closeDialogs = useCallback(() => {
    setHelp(undefined);
    setTags(false);
  }, []);
  useViewerKeys({ toggleHelp, toggleTags, closeDialogs });
  useOpeningPictureHandoff();
  const mode = useViewer((state) => state.renderMode);
  const overlayHidden = useViewer((state) => state.overlayHidden);
  const touch = useTouchLayout();
  // The series strip starts open when there is a choice to make; the reader's toggle wins after that.
  const seriesCount = useViewer((state) => state.series.length);
  const [seriesChoice, setSeriesChoice] = useState<boolean>();
  const seriesOpen = seriesChoice ?? seriesCount > 1;
  // The report opens by itself at a workstation when there is something to read or a reply is asked for;
  // on a phone it would cover the image, so there it waits for the bar's button.
  const reportCount = useViewer((state) => state.reports.length);
  const [reportChoice, setReportChoice] = useState<boolean>();
  const reportOpen = reportChoice ?? (!touch && (reportCount > 0 || reply.kind === 'reply'));
  const toggleReport = useCallback(() => setReportChoice(!reportOpen), [reportOpen]);
  // A patient starts with a few plainly named tools; the full set is one tap away, and back.
  const [allTools, setAllTools] = useState(false);
  const simple = patient !== undefined && !allTools;
  const report = reportOpen && (
    <Suspense fallback={null}>
      <ReportPanel mode={reply} readingOnly={simple} onClose={() => setReportChoice(false)} />
    </Suspense>
  );
  return (
    <div
      className={touch ? 'viewer viewer-touch' : 'viewer'}
      data-render-mode={mode}
      data-overlay={overlayHidden ? 'hidden' : 'shown'}
    >
      {!touch && !simple && (
        <Toolbar onHelp={toggleHelp} onTags={toggleTags} reportOpen={reportOpen} onReport={toggleReport} />
      )}
      {patient !== undefined && allTools && (
        <button type="button" className="button patient-simple-tools" onClick={() => setAllTools(false)}>
          Simple tools
        </button>
      )}
      <div className="viewer-body">
        {!touch && <SeriesPanel />}
        <ViewportGrid />
        {!touch && report}
        {tags && (
          <Suspense fallback={null}>
            <TagBrowser onClose={() => setTags(false)} />
          </Suspense>
        )}
      </div>
      {touch && seriesOpen && <SeriesPanel />}
      {touch && report}
      {simple && (
        <PatientToolbar
          patient={patient}
          reportOpen={reportOpen}
          onReport={toggleReport}
          seriesOpen={seriesOpen}
          onSeries={() => setSeriesChoice(!seriesOpen)}
          onAllTools={() => setAllTools(true)}
        />
      )}
      {touch && !simple && (
        <TouchToolbar
          onHelp={showGestures}
          onTags={toggleTags}
          seriesOpen={seriesOpen}
          onSeries={() => setSeriesChoice(!seriesOpen)}
          reportOpen={reportOpen}
          onReport={toggleReport}
        />
      )}
      {help && (
        <Suspense fallback={null}>
          <ShortcutHelp gestures={help === 'gestures'} onClose={() => setHelp(undefined)} />
        </Suspense>
      )}
    </div>
  );
}
