import { rangeText, type CursorPages } from './paging';

/** The part of a GraphQL connection the pager reads. */
export interface PagedConnection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/**
 * Previous / next page buttons with where the page is in the whole list; shown once the list has
 * anything (or is past its first page).
 */
export function Pager({
  label,
  pages,
  pageSize,
  shown,
  connection,
}: {
  label: string;
  pages: CursorPages;
  pageSize: number;
  shown: number;
  connection: PagedConnection | null | undefined;
}) {
  if (!connection || (connection.totalCount === 0 && pages.page <= 1)) return null;
  return (
    <nav className="row pager" aria-label={label}>
      <button type="button" onClick={pages.previous} disabled={pages.page <= 1}>
        Previous page
      </button>
      <span className="hint" aria-live="polite">
        Page {pages.page} · {rangeText(pages.page, pageSize, shown, connection.totalCount)}
      </span>
      <button type="button" onClick={() => pages.next(connection.pageInfo.endCursor)} disabled={!connection.pageInfo.hasNextPage}>
        Next page
      </button>
    </nav>
  );
}
