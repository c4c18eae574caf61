import './contacts.css';
import { rangeText } from './paging';

/** Previous / next page buttons with where the page is in the whole list. */
export function Pager({
  label,
  page,
  pageSize,
  shown,
  total,
  hasNext,
  onPrevious,
  onNext,
}: {
  label: string;
  page: number;
  pageSize: number;
  shown: number;
  total: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  return (
    <nav className="row pager" aria-label={label}>
      <button type="button" onClick={onPrevious} disabled={page <= 1}>
        Previous page
      </button>
      <span className="hint" aria-live="polite">
        Page {page} · {rangeText(page, pageSize, shown, total)}
      </span>
      <button type="button" onClick={onNext} disabled={!hasNext}>
        Next page
      </button>
    </nav>
  );
}
