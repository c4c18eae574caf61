import type { ReactNode } from 'react';

/** A column heading: its text, or its text and whether it holds numbers (right-aligned). */
export type Column = string | { label: string; numeric?: boolean };

/**
 * A table that scrolls inside itself on a narrow screen, with its column headings; the rows are the children.
 * `caption` names it for screen readers only; `busy` says its rows are being replaced.
 */
export function Table({ columns, caption, busy, children }: { columns: Column[]; caption?: string; busy?: boolean; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table aria-busy={busy}>
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) =>
              typeof c === 'string' ? (
                <th key={c} scope="col">
                  {c}
                </th>
              ) : (
                <th key={c.label} scope="col" className={c.numeric ? 'num' : undefined}>
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
