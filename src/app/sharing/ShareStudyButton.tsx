import { lazy, Suspense, useState } from 'react';
import { useStaff } from '../auth/SessionProvider';
import { useDataSource } from '../DataSourceProvider';
import { useViewer } from '../viewer/useViewer';

// Opened by few readers and never before the first image: loaded when first asked for.
const ShareDialog = lazy(() => import('./ShareDialog').then((module) => ({ default: module.ShareDialog })));

/**
 * The viewer toolbar's "Share": the studies on screen, or some of their series. Only for signed-in
 * staff reading the gateway's archive (a direct-mode server's studies are not the gateway's to share,
 * nor are files opened from this device).
 */
export function ShareStudyButton() {
  const staff = useStaff();
  const { direct } = useDataSource();
  const studies = useViewer((state) => state.studyInstanceUIDs);
  const series = useViewer((state) => state.series);
  const active = useViewer((state) => state.slots[state.activeSlot]?.seriesInstanceUID);
  const onDevice = useViewer((state) => state.source === 'device');
  const [open, setOpen] = useState(false);
  if (!staff || direct || onDevice) return null;
  return (
    <>
      <button
        type="button"
        className="button tool"
        title="Share these images with a link"
        disabled={studies.length === 0}
        onClick={() => setOpen(true)}
      >
        Share
      </button>
      {open && (
        <Suspense fallback={null}>
          <ShareDialog
            studies={studies.map((studyInstanceUID) => ({ studyInstanceUID }))}
            series={{ entries: series, active }}
            onClose={() => setOpen(false)}
          />
        </Suspense>
      )}
    </>
  );
}
