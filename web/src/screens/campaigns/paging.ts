/**
 * Cursor paging as the list keeps it: the cursors of the pages before this one, so Previous goes back
 * exactly where it came from. The server pages; the list never holds more than one page of campaigns.
 */
export interface Paging {
  /** `after` of every page visited, the current one last (null: the first page). */
  cursors: (string | null)[];
}

export const firstPage: Paging = { cursors: [null] };

export function currentAfter(paging: Paging): string | null {
  return paging.cursors[paging.cursors.length - 1];
}

export function pageNumber(paging: Paging): number {
  return paging.cursors.length;
}

export function nextPage(paging: Paging, endCursor: string | null | undefined): Paging {
  return endCursor ? { cursors: [...paging.cursors, endCursor] } : paging;
}

export function previousPage(paging: Paging): Paging {
  return paging.cursors.length > 1 ? { cursors: paging.cursors.slice(0, -1) } : paging;
}

export function hasPrevious(paging: Paging): boolean {
  return paging.cursors.length > 1;
}

/** "Showing 21–40 of 1,000 campaigns" */
export function pageRange(paging: Paging, pageSize: number, shown: number, total: number): string {
  const f = new Intl.NumberFormat('en-US');
  if (shown === 0) return `${f.format(total)} ${total === 1 ? 'campaign' : 'campaigns'}`;
  const from = (pageNumber(paging) - 1) * pageSize + 1;
  return `Showing ${f.format(from)}–${f.format(from + shown - 1)} of ${f.format(total)} ${total === 1 ? 'campaign' : 'campaigns'}`;
}
