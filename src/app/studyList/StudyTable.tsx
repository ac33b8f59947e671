import { useState, type KeyboardEvent, type Ref } from 'react';
import { Link } from 'react-router';
import { viewerPath } from '../routes';
import { formatDicomDate, formatDicomTime, formatPersonName } from './format';
import { nextSort, type Sort, type SortKey } from './sortRows';
import type { StudyRow } from './studyRow';

interface Column {
  key: SortKey;
  label: string;
  /** Narrow screens drop columns instead of scrolling sideways: tablets first, then phones. */
  hide?: 'tablet' | 'phone';
  numeric?: boolean;
}

const COLUMNS: Column[] = [
  { key: 'name', label: 'Patient name' },
  { key: 'id', label: 'Patient ID', hide: 'phone' },
  { key: 'birth', label: 'Birth date', hide: 'tablet' },
  { key: 'sex', label: 'Sex', hide: 'tablet' },
  { key: 'date', label: 'Study date' },
  { key: 'modality', label: 'Modality' },
  { key: 'description', label: 'Description', hide: 'phone' },
  { key: 'accession', label: 'Accession', hide: 'tablet' },
  { key: 'images', label: 'Series / images', hide: 'tablet', numeric: true },
];

/** Class names of a column's cells: when it hides, numeric alignment, and any extra. */
function cellClass(column: Column, extra?: string): string | undefined {
  const names = [column.hide && `hide-${column.hide}`, column.numeric && 'cell-number', extra].filter(Boolean);
  return names.length > 0 ? names.join(' ') : undefined;
}

const column = (key: SortKey): Column => COLUMNS.find((c) => c.key === key)!;

interface StudyTableProps {
  rows: readonly StudyRow[];
  sort: Sort | undefined;
  onSort: (sort: Sort | undefined) => void;
  onOpen: (row: StudyRow) => void;
  /** Escape returns to the search field. */
  onEscape: () => void;
  bodyRef: Ref<HTMLTableSectionElement>;
  busy: boolean;
  /** Rows ticked for sharing; Space on a row ticks it. Absent where sharing is not offered. */
  selection?: { isSelected: (studyInstanceUID: string) => boolean; toggle: (row: StudyRow) => void };
}

/**
 * Rows take focus one at a time (roving tabindex): Tab enters the list at the first row, ↑/↓,
 * Home/End move, Enter opens. Focus is the selection; the state only remembers where Tab re-enters.
 */
export function StudyTable({ rows, sort, onSort, onOpen, onEscape, bodyRef, busy, selection }: StudyTableProps) {
  const [focused, setFocused] = useState(0);
  const tabStop = focused < rows.length ? focused : 0;
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, row: StudyRow): void => {
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
      case ' ':
        if (!selection) return;
        event.preventDefault();
        return selection.toggle(row);
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
                  className={cellClass(column)}
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
            {selection && (
              <th scope="col" className="cell-select">
                <span className="select-heading">Share</span>
              </th>
            )}
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
                <Link
                  to={viewerPath(row.studyInstanceUID)}
                  tabIndex={-1}
                  className="clip"
                  title={formatPersonName(row.patientName)}
                >
                  {formatPersonName(row.patientName) || '(no name)'}
                </Link>
              </td>
              <td className={cellClass(column('id'))}>
                <Clipped text={row.patientId} />
              </td>
              <td className={cellClass(column('birth'))}>{formatDicomDate(row.birthDate)}</td>
              <td className={cellClass(column('sex'))}>{row.sex}</td>
              <td>
                {formatDicomDate(row.studyDate)} <span className="muted">{formatDicomTime(row.studyTime)}</span>
              </td>
              <td>{row.modalities.join(', ')}</td>
              <td className={cellClass(column('description'), 'cell-description')}>
                <Clipped text={row.description} />
              </td>
              <td className={cellClass(column('accession'))}>
                <Clipped text={row.accession} />
              </td>
              <td className={cellClass(column('images'))}>
                {row.seriesCount ?? '–'} / {row.instanceCount ?? '–'}
              </td>
              {selection && (
                <td className="cell-select" onClick={(event) => event.stopPropagation()}>
                  <input
                    type="checkbox"
                    tabIndex={-1}
                    checked={selection.isSelected(row.studyInstanceUID)}
                    onChange={() => selection.toggle(row)}
                    // No patient name here: the row already reads it out, and the name would match the filters' labels.
                    aria-label="Select for sharing"
                  />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Free text cut to its column with an ellipsis (full text on hover). Table cells ignore
 * max-width, so the limit sits on a block inside the cell; one long value in a 100-row page
 * would otherwise push the counts off screen.
 */
function Clipped({ text }: { text: string }) {
  return (
    <span className="clip" title={text || undefined}>
      {text}
    </span>
  );
}
