import { useEffect, useMemo, useState } from 'react';
import { firstString } from '../../dicom/json';
import { api } from '../api/api';
import { fetchIngestWarnings, type StudyIngestWarnings } from '../api/ingestWarningsApi';
import { useSession } from '../auth/SessionProvider';
import { filterRows, tagRows, type TagRow } from './tagRows';
import { useViewer, useViewerInstance } from './useViewer';

/**
 * Per study, once per page load: the tag browser opens and closes, and the instance on screen
 * changes with every scroll. A failed fetch is forgotten, so the next opening tries again.
 */
const warningsByStudy = new Map<string, Promise<StudyIngestWarnings>>();

function studyWarnings(study: string): Promise<StudyIngestWarnings> {
  let pending = warningsByStudy.get(study);
  if (pending === undefined) {
    pending = fetchIngestWarnings(api, study);
    pending.catch(() => warningsByStudy.delete(study));
    warningsByStudy.set(study, pending);
  }
  return pending;
}

/** What the archive corrected when it stored this instance; staff only (the route refuses anyone else). */
function useIngestWarnings(study: string | undefined, instance: string | undefined): readonly string[] {
  const { session } = useSession();
  const staff = session.kind === 'staff';
  const [warnings, setWarnings] = useState<{ study: string; map: StudyIngestWarnings } | undefined>();
  useEffect(() => {
    if (!staff || study === undefined) return;
    let current = true;
    studyWarnings(study).then(
      (map) => current && setWarnings({ study, map }),
      // Without the lines the tags still show; the box is an aid, not the record.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [staff, study]);
  if (!staff || instance === undefined || warnings === undefined || warnings.study !== study) return [];
  return warnings.map.get(instance) ?? [];
}

function Corrections({ lines }: { lines: readonly string[] }) {
  return (
    <section className="tag-corrections" aria-label="Stored with corrections">
      <h3>Stored with corrections</h3>
      <ul>
        {lines.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ul>
    </section>
  );
}

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
  const corrections = useIngestWarnings(
    dataset && firstString(dataset, '0020000D'),
    dataset && firstString(dataset, '00080018'),
  );
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
      {corrections.length > 0 && <Corrections lines={corrections} />}
      {dataset ? (
        <Rows rows={shown} open={query.trim() !== ''} />
      ) : (
        <p className="muted">No image in the active viewport.</p>
      )}
    </aside>
  );
}
