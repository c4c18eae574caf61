/**
 * Which preview cells have which issues: the server reports issues per row with an optional column; the
 * preview table highlights each cell by its worst severity and shows the messages on hover and focus.
 */

export type Severity = 'ERROR' | 'WARNING';

export interface PreviewIssue {
  code: string;
  severity: Severity;
  column?: string | null;
  message: string;
}

export interface PreviewRowInput {
  rowNumber: number;
  cells: readonly { column: string; value: string }[];
  issues: readonly PreviewIssue[];
}

export interface CellMark {
  severity: Severity;
  issues: PreviewIssue[];
}

export interface RowMarks {
  /** Issues per column that the row has, by column name. */
  cells: Map<string, CellMark>;
  /** Issues that name no column of the row (they are shown against the row number). */
  row: CellMark | null;
}

function worst(issues: readonly PreviewIssue[]): Severity {
  return issues.some((i) => i.severity === 'ERROR') ? 'ERROR' : 'WARNING';
}

/** Groups one preview row's issues by the cell they belong to; issues without a known column go to the row. */
export function marksForRow(row: PreviewRowInput): RowMarks {
  const known = new Set(row.cells.map((c) => c.column));
  const byColumn = new Map<string, PreviewIssue[]>();
  const rowIssues: PreviewIssue[] = [];
  for (const issue of row.issues) {
    if (issue.column && known.has(issue.column)) byColumn.set(issue.column, [...(byColumn.get(issue.column) ?? []), issue]);
    else rowIssues.push(issue);
  }
  const cells = new Map<string, CellMark>();
  for (const [column, issues] of byColumn) {
    // Errors first: the reason a row is lost matters more than a warning.
    const sorted = [...issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'ERROR' ? -1 : 1));
    cells.set(column, { severity: worst(issues), issues: sorted });
  }
  return { cells, row: rowIssues.length > 0 ? { severity: worst(rowIssues), issues: rowIssues } : null };
}

/** "Error: …" / "Warning: …" lines, as the tooltip and the screen reader read them. */
export function describeMark(mark: CellMark): string {
  return mark.issues.map((i) => `${i.severity === 'ERROR' ? 'Error' : 'Warning'}: ${i.message}`).join(' ');
}

/** Counts for the preview's caption: rows with at least one error, rows with only warnings. */
export function previewSummary(rows: readonly PreviewRowInput[]): { errorRows: number; warningRows: number } {
  let errorRows = 0;
  let warningRows = 0;
  for (const r of rows) {
    if (r.issues.some((i) => i.severity === 'ERROR')) errorRows++;
    else if (r.issues.length > 0) warningRows++;
  }
  return { errorRows, warningRows };
}
