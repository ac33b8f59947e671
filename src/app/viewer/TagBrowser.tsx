import { useMemo, useState } from 'react';
import { filterRows, tagRows, type TagRow } from './tagRows';
import { useViewer, useViewerInstance } from './useViewer';

function Rows({ rows, open }: { rows: readonly TagRow[]; open: boolean }) {
  return (
    <ul className="tag-rows">
      {rows.map((row, index) => (
        <li key={`${row.tag}-${index}`}>
          {row.items ? (
            <details open={open}>
              <summary>
                <TagLine row={row} />
              </summary>
              {row.items.map((item, itemIndex) => (
                <div key={itemIndex} className="tag-item">
                  <span className="muted">Item {itemIndex + 1}</span>
                  <Rows rows={item} open={open} />
                </div>
              ))}
            </details>
          ) : (
            <TagLine row={row} />
          )}
        </li>
      ))}
    </ul>
  );
}

const TagLine = ({ row }: { row: TagRow }) => (
  <span className="tag-line">
    <span className="tag-id">{row.tag}</span>
    <span className="tag-keyword">{row.keyword}</span>
    <span className="tag-vr">{row.vr}</span>
    <span className="tag-value">{row.value}</span>
  </span>
);

/** Searchable DICOM tags of the image in the active viewport, from the series metadata already fetched. */
export function TagBrowser({ onClose }: { onClose: () => void }) {
  const viewer = useViewerInstance();
  const slot = useViewer((state) => state.activeSlot);
  const imageIndex = useViewer((state) => state.slots[state.activeSlot]?.imageIndex);
  const series = useViewer((state) => state.slots[state.activeSlot]?.seriesInstanceUID);
  const [query, setQuery] = useState('');
  // The viewer's current instance changes with the image and series shown, which it does not report itself.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- imageIndex and series are the triggers, read by currentInstance
  const dataset = useMemo(() => viewer.currentInstance(slot), [viewer, slot, imageIndex, series]);
  const rows = useMemo(() => (dataset ? tagRows(dataset) : []), [dataset]);
  const shown = useMemo(() => filterRows(rows, query), [rows, query]);
  return (
    <aside className="tag-browser" aria-label="DICOM tags">
      <header>
        <input
          type="search"
          placeholder="Search tag, keyword or value"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          autoFocus
        />
        <button type="button" className="button button-quiet" onClick={onClose} aria-label="Close tags">
          ✕
        </button>
      </header>
      {dataset ? (
        <Rows rows={shown} open={query.trim() !== ''} />
      ) : (
        <p className="muted">No image in the active viewport.</p>
      )}
    </aside>
  );
}
