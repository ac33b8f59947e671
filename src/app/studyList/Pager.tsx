import { PAGE_SIZES } from './studySearch';

interface PagerProps {
  page: number;
  pageSize: number;
  /** Rows on this page (known once the page has loaded). */
  shown: number;
  hasNextPage: boolean;
  onPage: (page: number) => void;
  onPageSize: (pageSize: number) => void;
}

/** Offset paging: the total is never counted (see studyQuery), so the pager says "next", not "of N". */
export function Pager({ page, pageSize, shown, hasNextPage, onPage, onPageSize }: PagerProps) {
  const first = (page - 1) * pageSize + 1;
  return (
    <nav className="pager" aria-label="Pages">
      <span className="pager-range" aria-live="polite">
        {shown > 0 ? `${first}–${first + shown - 1}` : 'No rows'} · page {page}
      </span>
      <button type="button" className="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹ Previous
      </button>
      <button type="button" className="button" disabled={!hasNextPage} onClick={() => onPage(page + 1)}>
        Next ›
      </button>
      <label className="pager-size">
        <span>Per page</span>
        <select value={pageSize} onChange={(event) => onPageSize(Number(event.target.value))}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
    </nav>
  );
}
