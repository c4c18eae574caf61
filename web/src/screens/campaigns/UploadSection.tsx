import { useEffect, useReducer } from 'react';
import { useSubscription } from 'urql';
import type { CampaignDetailUploadFragment } from '../../gql/graphql';
import { StatusChip } from '../../components/StatusChip';
import { formatBytes, formatCount, formatTime } from '../../components/format';
import { CampaignDetailUploadChanged } from './detailData';
import { newerUpload } from './live';
import { UPLOAD_TIMES, uploadAdvice } from './uploadAdvice';

type Upload = CampaignDetailUploadFragment;

function keepNewer(current: Upload | null, arriving: Upload | null | undefined) {
  return newerUpload(current, arriving);
}

/** The draft's current upload, live: status, every timestamp, counts by reason, and what to do about an error. */
export function UploadSection({ upload: given }: { upload: Upload }) {
  const [live] = useSubscription({ query: CampaignDetailUploadChanged, variables: { uploadId: given.id } });
  const [upload, offer] = useReducer(keepNewer, given);
  useEffect(() => offer(given), [given]);
  useEffect(() => {
    const event = live.data?.uploadStatusChanged.upload;
    if (event && event.id === given.id) offer(event);
  }, [live.data, given.id]);
  const shown = upload && upload.id === given.id ? upload : given;
  const { counts, progress, error } = shown;

  return (
    <section className="card" aria-labelledby="upload-heading">
      <div className="upload-head">
        <h2 id="upload-heading">Contact upload</h2>
        <span>
          Status: <span data-testid="upload-status" aria-live="polite"><StatusChip status={shown.status} /></span>
        </span>
      </div>
      <div className="grid-2">
        <dl className="facts">
          <dt>File</dt>
          <dd>{shown.fileName}</dd>
          <dt>Size</dt>
          <dd>{formatBytes(shown.sizeBytes)}</dd>
          <dt>Upload id</dt>
          <dd><code>{shown.id}</code></dd>
          {UPLOAD_TIMES.map(([key, label]) => (
            <FactTime key={key} label={label} value={shown[key]} />
          ))}
        </dl>
        <div>
          {shown.status === 'VALIDATING' && (
            <>
              <label htmlFor="upload-progress">
                Validating: {formatCount(progress.chunksDone)} of {formatCount(progress.chunksTotal)} chunks, {formatCount(progress.rowsValidated)} rows
              </label>
              <progress id="upload-progress" max={Math.max(progress.chunksTotal, 1)} value={progress.chunksDone} />
            </>
          )}
          {counts ? (
            <dl className="facts">
              <dt>Rows</dt>
              <dd>{formatCount(counts.totalRows)}</dd>
              <dt>Accepted</dt>
              <dd>{formatCount(counts.accepted)}</dd>
              <dt>Rejected</dt>
              <dd>{formatCount(counts.rejected)}</dd>
              <dt>Duplicates</dt>
              <dd>{formatCount(counts.duplicates)}</dd>
              <dt>Suppressed</dt>
              <dd>
                {formatCount(counts.suppressed)}
                {counts.suppressedSinceStaging > 0 && ` (${formatCount(counts.suppressedSinceStaging)} since staging)`}
              </dd>
              <dt>Warnings</dt>
              <dd>{formatCount(counts.warnings)}</dd>
              <dt>No time zone</dt>
              <dd>{formatCount(counts.timezoneMissing)}</dd>
            </dl>
          ) : (
            shown.status !== 'ERROR' && <p className="hint">Counts appear once the file is validated.</p>
          )}
        </div>
      </div>
      {error && (
        <div className="notice notice-error" role="alert">
          <strong>The upload failed:</strong> {error.message} <code className="code">{error.code}</code>
          <p>What to do: {uploadAdvice(error.code)}</p>
        </div>
      )}
      {counts && counts.byReason.length > 0 && (
        <>
          <h3>Excluded rows by reason</h3>
          <ul className="reasons" aria-label="Excluded rows by reason">
            {counts.byReason.map((r) => (
              <li key={r.reason}>
                <code>{r.reason}</code> <span>{formatCount(r.count)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="detail-links" style={{ marginTop: '0.6rem' }}>
        {shown.rejectionReportUrl && counts && counts.totalRows > counts.accepted && <a href={shown.rejectionReportUrl}>Download the rejection report (CSV)</a>}
        {shown.rejectionsAcknowledgement ? (
          <span className="hint">
            Rejections acknowledged by {shown.rejectionsAcknowledgement.userId} on {formatTime(shown.rejectionsAcknowledgement.at)}
            {shown.rejectionsAcknowledgement.note && `: “${shown.rejectionsAcknowledgement.note}”`}
          </span>
        ) : null}
      </div>
    </section>
  );
}

function FactTime({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value ? <time dateTime={value}>{formatTime(value)}</time> : <span className="hint">not yet</span>}</dd>
    </>
  );
}
