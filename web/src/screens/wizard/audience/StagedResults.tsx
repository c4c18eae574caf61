import type { AudienceUploadFieldsFragment } from '../../../gql/graphql';
import { formatCount } from '../../../components/format';
import { Table } from '../../../components/Table';
import { ValidationProgress } from './ValidationProgress';
import { RejectionsTable } from './RejectionsTable';
import { AcknowledgeRejections } from './AcknowledgeRejections';
import { reasonLabel } from './reasons';

/** STAGED (and later): the final counts, why rows were lost, each rejected row, the report, and the acknowledgement. */
export function StagedResults({ upload, readOnly, reasonId }: { upload: AudienceUploadFieldsFragment; readOnly: boolean; reasonId?: string }) {
  const c = upload.counts;
  if (!c) return <ValidationProgress progress={upload.progress} running={false} />;
  const excluded = c.rejected + c.duplicates + c.suppressed;
  const reportHref = upload.rejectionReportUrl ? sameOriginPath(upload.rejectionReportUrl) : null;
  const facts: [string, number, string?][] = [
    ['Total rows', c.totalRows],
    ['Accepted', c.accepted, 'good'],
    ['Rejected', c.rejected, c.rejected > 0 ? 'bad' : undefined],
    ['Duplicates', c.duplicates, c.duplicates > 0 ? 'attention' : undefined],
    ['Suppressed', c.suppressed, c.suppressed > 0 ? 'attention' : undefined],
    ['Warnings', c.warnings],
    ['Without time zone', c.timezoneMissing, c.timezoneMissing > 0 ? 'attention' : undefined],
  ];
  return (
    <div className="staged-results">
      <ValidationProgress progress={upload.progress} running={false} />
      <h3>Result</h3>
      <ul className="count-tiles" aria-label="Upload counts">
        {facts.map(([label, value, tone]) => (
          <li key={label} className={`count-tile${tone ? ` count-${tone}` : ''}`}>
            <span className="count-value">{formatCount(value)}</span>
            <span className="count-label">{label}</span>
          </li>
        ))}
      </ul>
      {c.suppressedSinceStaging > 0 && (
        <p className="notice notice-warning">{formatCount(c.suppressedSinceStaging)} contacts were added to the suppression list after this file was validated: they will not be called.</p>
      )}
      <div className="grid-2">
        {c.byReason.length > 0 && (
          <ReasonCounts title="Excluded rows by reason" hint="Each excluded row counts once, by its first reason." counts={c.byReason} />
        )}
        {c.warningsByReason.length > 0 && (
          <ReasonCounts title="Warnings on accepted rows" hint="Accepted rows are called; a row may carry several warnings." counts={c.warningsByReason} />
        )}
      </div>
      {excluded > 0 ? (
        <>
          <h3>Excluded rows</h3>
          {reportHref && (
            <p>
              <a href={reportHref} download>
                Download rejection report
              </a>{' '}
              <span className="hint">(CSV with every excluded row, its row number and reasons: fix it and upload it again.)</span>
            </p>
          )}
          <RejectionsTable key={`${upload.id}/${upload.validationRun}`} uploadId={upload.id} reasons={c.byReason.map((r) => r.reason)} columns={upload.columns} />
          <AcknowledgeRejections upload={upload} excluded={excluded} readOnly={readOnly} reasonId={reasonId} />
        </>
      ) : (
        <p className="notice notice-good">Every row was accepted.</p>
      )}
    </div>
  );
}

function ReasonCounts({ title, hint, counts }: { title: string; hint: string; counts: { reason: string; count: number }[] }) {
  return (
    <div>
      <h4>{title}</h4>
      <p className="hint">{hint}</p>
      <Table columns={['Reason', { label: 'Rows', numeric: true }]}>
        {counts.map((r) => (
          <tr key={r.reason}>
            <td>
              {reasonLabel(r.reason)} <code className="code">{r.reason}</code>
            </td>
            <td className="num">{formatCount(r.count)}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}

/** The report link through this site (the api may name its own host): the session cookie authorises it. */
export function sameOriginPath(url: string): string {
  try {
    const u = new URL(url, window.location.href);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}
