import type { SeriesEntry } from '../../viewer/viewerState';

export const SERIES_DRAG_TYPE = 'application/x-secondread-series';
/** Which stack of a split series is dragged (its index), beside the series UID. */
export const STACK_DRAG_TYPE = 'application/x-secondread-stack';

function progressText(entry: SeriesEntry): string | undefined {
  const { progress } = entry;
  if (!progress || progress.total === 0) return undefined;
  const done = progress.loaded + progress.failed;
  if (done >= progress.total) return progress.failed ? `${progress.failed} failed` : undefined;
  return `${Math.floor((done / progress.total) * 100)}%`;
}

interface SeriesThumbnailProps {
  entry: SeriesEntry;
  /** Which stack of a split series this entry is; absent for a whole series. */
  stack?: number;
  /** Key images flagged in this series (the reader's and stored ones). */
  keyImages: number;
  /** What a series of reports holds, in place of "not displayable" once the viewer has read it. */
  reportNote: string | undefined;
  onOpen: () => void;
}

/** One series: picture (or why there is none), description, modality, key images, image count and load progress. */
export function SeriesThumbnail({ entry, stack, keyImages, reportNote, onOpen }: SeriesThumbnailProps) {
  const notShown = entry.displayability && !entry.displayability.displayable ? entry.displayability.reason : undefined;
  const placeholder = notShown === undefined ? undefined : (reportNote ?? notShown);
  const warn =
    (notShown !== undefined && reportNote === undefined) || entry.status === 'error' || entry.thumbnailFailed;
  const progress = progressText(entry);
  const fraction =
    entry.progress && entry.progress.total ? (entry.progress.loaded + entry.progress.failed) / entry.progress.total : 0;
  return (
    <button
      type="button"
      className="series-thumb"
      draggable
      onDragStart={(event) => {
        event.dataTransfer.setData(SERIES_DRAG_TYPE, entry.seriesInstanceUID);
        event.dataTransfer.setData(STACK_DRAG_TYPE, String(stack ?? 0));
        event.dataTransfer.effectAllowed = 'copy';
      }}
      onClick={onOpen}
      data-series-uid={entry.seriesInstanceUID}
      data-stack={stack}
      title={`${entry.description} — click to show in the active viewport, or drag onto a viewport`}
    >
      <span className="series-thumb-picture">
        {entry.thumbnail ? (
          <img src={entry.thumbnail} alt="" />
        ) : (
          <span className={warn ? 'series-thumb-note warn' : 'series-thumb-note'}>
            {placeholder ??
              (entry.status === 'error' ? 'Metadata failed' : entry.thumbnailFailed ? 'No preview' : 'Loading…')}
          </span>
        )}
        <span className="series-thumb-modality">{entry.modality}</span>
        {keyImages > 0 && (
          <span className="series-thumb-keys" data-key-images={keyImages}>
            <span aria-hidden="true">★ {keyImages}</span>
            <span className="visually-hidden">
              {keyImages} key {keyImages === 1 ? 'image' : 'images'}
            </span>
          </span>
        )}
      </span>
      <span className="series-thumb-text">
        <span className="series-thumb-description">
          {entry.seriesNumber !== undefined && <span className="muted">{entry.seriesNumber} </span>}
          {entry.description}
        </span>
        <span className="series-thumb-count muted">
          {entry.imageCount} {entry.imageCount === 1 ? 'image' : 'images'}
          {progress && <span className="series-thumb-progress"> · {progress}</span>}
        </span>
      </span>
      {fraction > 0 && fraction < 1 && (
        <span
          className="series-thumb-bar"
          role="progressbar"
          aria-label="Loaded"
          aria-valuenow={Math.round(fraction * 100)}
        >
          <span style={{ width: `${fraction * 100}%` }} />
        </span>
      )}
    </button>
  );
}
