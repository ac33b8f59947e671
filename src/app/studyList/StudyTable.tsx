import { useState, type KeyboardEvent, type Ref } from 'react';
import { Link } from 'react-router';
import { viewerPath } from '../routes';
import { formatDicomDate, formatDicomTime, formatPersonName } from './format';
import { nextSort, type Sort, type SortKey } from './sortRows';
import type { StudyRow } from './studyRow';

interface Column {
  key: SortKey;
  label: string;
  /** Columns a phone-width screen drops first. */
  optional?: boolean;
}

const COLUMNS: Column[] = [
  { key: 'name', label: 'Patient name' },
  { key: 'id', label: 'Patient ID' },
  { key: 'birth', label: 'Birth date', optional: true },
  { key: 'sex', label: 'Sex', optional: true },
  { key: 'date', label: 'Study date' },
  { key: 'modality', label: 'Modality' },
  { key: 'description', label: 'Description' },
  { key: 'accession', label: 'Accession', optional: true },
  { key: 'images', label: 'Series / images', optional: true },
];

interface StudyTableProps {
  rows: readonly StudyRow[];
  sort: Sort | undefined;
  onSort: (sort: Sort | undefined) => void;
  onOpen: (row: StudyRow) => void;
  /** Escape returns to the search field. */
  onEscape: () => void;
  bodyRef: Ref<HTMLTableSectionElement>;
  busy: boolean;
}

/**
 * Rows take focus one at a time (roving tabindex): Tab enters the list at the first row, ↑/↓,
 * Home/End move, Enter opens. Focus is the selection; the state only remembers where Tab re-enters.
 */
export function StudyTable({ rows, sort, onSort, onOpen, onEscape, bodyRef, busy }: StudyTableProps) {
  const [focused, setFocused] = useState(0);
  const tabStop = focused < rows.length ? focused : 0;
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, row: StudyRow) => {
    const current = event.currentTarget;
    const move = (target: Element | null | undefined) => {
      if (target instanceof HTMLElement) {
        event.preventDefault();
        target.focus();
      }
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(current.nextElementSibling);
      case 'ArrowUp':
        return move(current.previousElementSibling);
      case 'Home':
        return move(current.parentElement?.firstElementChild);
      case 'End':
        return move(current.parentElement?.lastElementChild);
      case 'Enter':
        event.preventDefault();
        return onOpen(row);
      case 'Escape':
        event.preventDefault();
        return onEscape();
    }
  };

  return (
    <div className="table-scroll">
      <table className="study-table" aria-label="Studies" aria-busy={busy}>
        <thead>
          <tr>
            {COLUMNS.map((column) => {
              const active = sort?.key === column.key;
              return (
                <th
                  key={column.key}
                  scope="col"
                  className={column.optional ? 'col-optional' : undefined}
                  aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
                >
                  <button type="button" className="sort-button" onClick={() => onSort(nextSort(sort, column.key))}>
                    {column.label}
                    <span className="sort-mark" aria-hidden="true">
                      {active ? (sort.descending ? '▼' : '▲') : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody ref={bodyRef}>
          {rows.map((row, index) => (
            <tr
              key={row.studyInstanceUID}
              tabIndex={index === tabStop ? 0 : -1}
              onFocus={() => setFocused(index)}
              data-study-uid={row.studyInstanceUID}
              onClick={(event) => {
                // Let the name link handle its own clicks (middle-click, copy link).
                if (!(event.target instanceof HTMLAnchorElement)) onOpen(row);
              }}
              onKeyDown={(event) => onKeyDown(event, row)}
            >
              <td className="cell-name">
                <Link to={viewerPath(row.studyInstanceUID)} tabIndex={-1}>
                  {formatPersonName(row.patientName) || '(no name)'}
                </Link>
              </td>
              <td>{row.patientId}</td>
              <td className="col-optional">{formatDicomDate(row.birthDate)}</td>
              <td className="col-optional">{row.sex}</td>
              <td>
                {formatDicomDate(row.studyDate)} <span className="muted">{formatDicomTime(row.studyTime)}</span>
              </td>
              <td>{row.modalities.join(', ')}</td>
              <td className="cell-description">{row.description}</td>
              <td className="col-optional">{row.accession}</td>
              <td className="col-optional cell-number">
                {row.seriesCount ?? '–'} / {row.instanceCount ?? '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
