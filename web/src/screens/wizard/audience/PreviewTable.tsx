import { useId, type ReactNode } from 'react';
import type { AudienceUploadFieldsFragment } from '../../../gql/graphql';
import { describeMark, marksForRow, previewSummary, type CellMark } from './previewIssues';
import { fieldLabel, type MappingRow } from './mappingRules';

type PreviewRow = AudienceUploadFieldsFragment['preview'][number];

/** The first rows as the validator read them; a problem cell is marked by severity (icon, text, border) and explains itself on hover and focus. */
export function PreviewTable({ rows, columns, mapping }: { rows: PreviewRow[]; columns: string[]; mapping: MappingRow[] }) {
  const base = useId();
  const { errorRows, warningRows } = previewSummary(rows);
  return (
    <div className="audience-preview">
      <h3>Preview</h3>
      <p className="hint">
        The first {rows.length} rows, checked with the suggested mapping: {errorRows} with errors (<span aria-hidden="true">✖</span> excluded), {warningRows} with
        warnings only (<span aria-hidden="true">⚠</span> kept). Hover or focus a marked cell to read why.
      </p>
      <div className="table-wrap">
        <table className="preview-table">
          <caption className="visually-hidden">Preview of the first rows</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              {columns.map((c) => {
                const field = mapping.find((m) => m.column === c)?.field;
                return (
                  <th scope="col" key={c}>
                    {c}
                    <span className="preview-field">{field && field !== 'IGNORE' ? fieldLabel(field) : 'ignored'}</span>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const marks = marksForRow(row);
              return (
                <tr key={row.rowNumber}>
                  <MarkedCell id={`${base}-r${row.rowNumber}`} mark={marks.row} header>
                    {row.rowNumber}
                  </MarkedCell>
                  {columns.map((c, i) => (
                    <MarkedCell key={c} id={`${base}-r${row.rowNumber}-c${i}`} mark={marks.cells.get(c) ?? null}>
                      {row.cells.find((cell) => cell.column === c)?.value ?? ''}
                    </MarkedCell>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function MarkedCell({ id, mark, header, children }: { id: string; mark: CellMark | null; header?: boolean; children: ReactNode }) {
  const Cell = header ? 'th' : 'td';
  if (!mark) return header ? <th scope="row">{children}</th> : <td>{children}</td>;
  const error = mark.severity === 'ERROR';
  return (
    <Cell
      {...(header ? { scope: 'row' } : {})}
      className={`marked ${error ? 'marked-error' : 'marked-warning'}`}
      tabIndex={0}
      aria-describedby={`${id}-tip`}
      data-severity={mark.severity}
    >
      <span className="mark" aria-hidden="true">
        {error ? '✖' : '⚠'}
      </span>
      <span className="visually-hidden">{error ? 'Error: ' : 'Warning: '}</span>
      {children}
      <span id={`${id}-tip`} role="tooltip" className="cell-tip">
        {describeMark(mark)}
      </span>
    </Cell>
  );
}
