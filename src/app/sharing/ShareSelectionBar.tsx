import { useState } from 'react';
import { formatDicomDate, formatPersonName } from '../studyList/format';
import type { StudyRow } from '../studyList/studyRow';
import { ShareDialog } from './ShareDialog';
import type { StudySelection } from './useStudySelection';
import './sharing.css';

/** The server takes at most this many studies per link (docs/api.md). */
const MAX_STUDIES = 50;

const describe = (row: StudyRow) =>
  [formatPersonName(row.patientName) || '(no name)', formatDicomDate(row.studyDate), row.description]
    .filter(Boolean)
    .join(' · ');

/** The study list's selected rows: how many, share them in one link, or clear. */
export function ShareSelectionBar({ selection }: { selection: StudySelection }) {
  const [open, setOpen] = useState(false);
  const count = selection.rows.size;
  const rows = [...selection.rows.values()];
  return (
    <div className="share-selection" role="group" aria-label="Selected studies">
      <span className="muted">
        {count === 0 ? 'Tick studies (or press Space on a row) to share them' : `${count} selected`}
      </span>
      <button
        type="button"
        className="button"
        disabled={count === 0 || count > MAX_STUDIES}
        onClick={() => setOpen(true)}
        title={count > MAX_STUDIES ? `At most ${MAX_STUDIES} studies per link` : undefined}
      >
        Share…
      </button>
      {count > 0 && (
        <button type="button" className="button button-quiet" onClick={selection.clear}>
          Clear
        </button>
      )}
      {open && (
        <ShareDialog
          studies={rows.map((row) => ({ studyInstanceUID: row.studyInstanceUID, description: describe(row) }))}
          onClose={() => setOpen(false)}
        />
      )}
    </div>
  );
}
