import { useId, useState } from 'react';
import { useQuery } from 'urql';
import type { RejectReason } from '../../../gql/graphql';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatCount } from '../../../components/format';
import { AudienceStepRejectionsQuery } from './documents';
import { reasonLabel } from './reasons';

const PAGE_SIZE = 10;

/** Every excluded row, a page at a time from the server, filterable by reason. */
export function RejectionsTable({ uploadId, reasons, columns }: { uploadId: string; reasons: string[]; columns: string[] }) {
  const filterId = useId();
  const [reason, setReason] = useState<RejectReason | ''>('');
  // Cursors of the pages seen so far (form state): the first page has none.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const [{ data, error, fetching }] = useQuery({
    query: AudienceStepRejectionsQuery,
    variables: { uploadId, first: PAGE_SIZE, after, reason: reason || null },
  });
  const page = data?.upload?.rejections;
  const pageNo = cursors.length;
  const from = (pageNo - 1) * PAGE_SIZE + 1;
  const to = page ? from + page.nodes.length - 1 : from;

  return (
    <div className="audience-rejections">
      <div className="row">
        <div>
          <label htmlFor={filterId}>Filter by reason</label>
          <select
            id={filterId}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value as RejectReason | '');
              setCursors([null]);
            }}
          >
            <option value="">All reasons</option>
            {reasons.map((r) => (
              <option key={r} value={r}>
                {reasonLabel(r)} ({r})
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorNotice error={error} title="The excluded rows could not be loaded." />
      <p className="hint" role="status" aria-live="polite">
        {page ? (page.totalCount === 0 ? 'No excluded rows for this reason.' : `Rows ${formatCount(from)}–${formatCount(to)} of ${formatCount(page.totalCount)} excluded rows`) : 'Loading…'}
      </p>
      <div className="table-wrap" aria-busy={fetching}>
        <table className="rejections-table">
          <caption className="visually-hidden">Excluded rows</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                Row
              </th>
              <th scope="col">Values</th>
              <th scope="col">Reasons</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {page?.nodes.map((r) => (
              <tr key={r.rowNumber}>
                <td className="num">{r.rowNumber}</td>
                <td>
                  <RowValues values={r.values} columns={columns} />
                </td>
                <td>
                  {r.reasons.map((code) => (
                    <span key={code} className="chip chip-bad reason-chip" title={reasonLabel(code)}>
                      {code}
                    </span>
                  ))}
                </td>
                <td className="message">{r.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row rejections-pager">
        <button type="button" disabled={pageNo <= 1 || fetching} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous page
        </button>
        <span className="hint">Page {pageNo}</span>
        <button
          type="button"
          disabled={!page?.pageInfo.hasNextPage || fetching}
          onClick={() => page?.pageInfo.endCursor && setCursors((c) => [...c, page.pageInfo.endCursor ?? null])}
        >
          Next page
        </button>
      </div>
    </div>
  );
}

/** The row as it was in the file, column by column (blank cells left out). */
function RowValues({ values, columns }: { values: unknown; columns: string[] }) {
  const obj = values && typeof values === 'object' ? (values as Record<string, unknown>) : {};
  const keys = [...columns.filter((c) => c in obj), ...Object.keys(obj).filter((k) => !columns.includes(k))];
  const shown = keys.filter((k) => obj[k] != null && String(obj[k]).trim() !== '');
  if (shown.length === 0) return <span className="hint">(empty row)</span>;
  return (
    <dl className="row-values">
      {shown.map((k) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{String(obj[k])}</dd>
        </div>
      ))}
    </dl>
  );
}
