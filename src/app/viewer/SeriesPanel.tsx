import { useMemo } from 'react';
import { keyImageCounts, reportNotes } from './report/reportText';
import { useViewer, useViewerInstance } from './useViewer';
import type { SeriesEntry, StackEntry } from '../../viewer/viewerState';
import { SeriesThumbnail } from './SeriesThumbnail';

/** One stack of a split series, shown as a series entry of its own. */
function stackEntry(entry: SeriesEntry, stack: StackEntry): SeriesEntry {
  return {
    ...entry,
    description: entry.description ? `${entry.description} · ${stack.label}` : stack.label,
    imageCount: stack.imageCount,
    thumbnail: stack.thumbnail,
  };
}

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
        {series.flatMap((entry) =>
          // A series the scanner split into stacks (echoes, time points…) is listed stack by stack.
          (entry.stacks ?? [undefined]).map((stack, index) => (
            <li key={`${entry.seriesInstanceUID}/${index}`}>
              <SeriesThumbnail
                entry={stack ? stackEntry(entry, stack) : entry}
                stack={stack && index}
                keyImages={keyCounts.get(entry.seriesInstanceUID) ?? 0}
                reportNote={notes.get(entry.seriesInstanceUID)}
                onOpen={() =>
                  void viewer.showSeries(viewer.store.getState().activeSlot, entry.seriesInstanceUID, index)
                }
              />
            </li>
          )),
        )}
      </ol>
    </nav>
  );
}
