import { useMemo } from 'react';
import { keyImageCounts, reportNotes } from './report/reportText';
import { useViewer, useViewerInstance } from './useViewer';
import { SeriesThumbnail } from './SeriesThumbnail';

/** The studies' series, in series-number order: click loads into the active viewport, drag onto any viewport. */
export function SeriesPanel() {
  const viewer = useViewerInstance();
  const series = useViewer((state) => state.series);
  const loading = useViewer((state) => state.loadingStudies);
  const error = useViewer((state) => state.error);
  const keyImages = useViewer((state) => state.keyImages);
  const keyCounts = useMemo(() => keyImageCounts(keyImages), [keyImages]);
  const reports = useViewer((state) => state.reports);
  const notes = useMemo(() => reportNotes(reports), [reports]);
  return (
    <nav className="series-panel" aria-label="Series">
      {loading && (
        <p className="series-panel-status" role="status">
          Loading series…
        </p>
      )}
      {error && (
        <p className="series-panel-status error" role="alert">
          {error}
        </p>
      )}
      <ol className="series-list">
        {series.map((entry) => (
          <li key={entry.seriesInstanceUID}>
            <SeriesThumbnail
              entry={entry}
              keyImages={keyCounts.get(entry.seriesInstanceUID) ?? 0}
              reportNote={notes.get(entry.seriesInstanceUID)}
              onOpen={() => void viewer.showSeries(viewer.store.getState().activeSlot, entry.seriesInstanceUID)}
            />
          </li>
        ))}
      </ol>
    </nav>
  );
}
