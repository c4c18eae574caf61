import { describe, expect, it } from 'vitest';
import { describeMark, marksForRow, previewSummary, type PreviewIssue } from './previewIssues';

const cells = ['Ref', 'Mobile', 'TZ'].map((column) => ({ column, value: 'x' }));
const issue = (severity: 'ERROR' | 'WARNING', column: string | null, message = `${severity} in ${column}`): PreviewIssue => ({
  code: 'X',
  severity,
  column,
  message,
});

describe('preview highlighting', () => {
  it('marks nothing in a row without issues', () => {
    const marks = marksForRow({ rowNumber: 2, cells, issues: [] });
    expect(marks.cells.size).toBe(0);
    expect(marks.row).toBeNull();
  });

  it('marks the cell an issue names, with its severity', () => {
    const marks = marksForRow({ rowNumber: 4, cells, issues: [issue('ERROR', 'Mobile', 'Scientific notation lost digits.')] });
    expect([...marks.cells.keys()]).toEqual(['Mobile']);
    expect(marks.cells.get('Mobile')).toEqual({ severity: 'ERROR', issues: [issue('ERROR', 'Mobile', 'Scientific notation lost digits.')] });
  });

  it('gives a cell with an error and a warning the error severity, the error first', () => {
    const marks = marksForRow({ rowNumber: 5, cells, issues: [issue('WARNING', 'Mobile', 'Region assumed.'), issue('ERROR', 'Mobile', 'Invalid.')] });
    const mark = marks.cells.get('Mobile')!;
    expect(mark.severity).toBe('ERROR');
    expect(mark.issues.map((i) => i.message)).toEqual(['Invalid.', 'Region assumed.']);
    expect(describeMark(mark)).toBe('Error: Invalid. Warning: Region assumed.');
  });

  it('keeps warnings-only cells as warnings, separately per column', () => {
    const marks = marksForRow({ rowNumber: 6, cells, issues: [issue('WARNING', 'Mobile'), issue('ERROR', 'TZ')] });
    expect(marks.cells.get('Mobile')?.severity).toBe('WARNING');
    expect(marks.cells.get('TZ')?.severity).toBe('ERROR');
    expect(marks.cells.has('Ref')).toBe(false);
  });

  it('puts issues that name no column, or a column the row lacks, on the row', () => {
    const marks = marksForRow({ rowNumber: 7, cells, issues: [issue('ERROR', null, 'Row has 5 fields.'), issue('WARNING', 'Gone')] });
    expect(marks.cells.size).toBe(0);
    expect(marks.row?.severity).toBe('ERROR');
    expect(marks.row?.issues).toHaveLength(2);
  });

  it('counts rows with errors and rows with warnings only', () => {
    expect(
      previewSummary([
        { rowNumber: 2, cells, issues: [] },
        { rowNumber: 3, cells, issues: [issue('WARNING', 'Mobile')] },
        { rowNumber: 4, cells, issues: [issue('WARNING', 'Mobile'), issue('ERROR', 'TZ')] },
      ]),
    ).toEqual({ errorRows: 1, warningRows: 1 });
  });
});
