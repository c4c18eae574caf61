import { useId, useState } from 'react';
import { useMutation } from 'urql';
import type { AudienceUploadFieldsFragment } from '../../../gql/graphql';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatCount, formatTime } from '../../../components/format';
import { AudienceStepAcknowledgeMutation } from './documents';

/** Saying "we know these rows are lost, and why": recorded with who and when. */
export function AcknowledgeRejections({
  upload,
  excluded,
  readOnly,
  reasonId,
}: {
  upload: AudienceUploadFieldsFragment;
  excluded: number;
  readOnly: boolean;
  reasonId?: string;
}) {
  const noteId = useId();
  const [note, setNote] = useState('');
  const [state, acknowledge] = useMutation(AudienceStepAcknowledgeMutation);
  const ack = upload.rejectionsAcknowledgement;

  if (upload.rejectionsAcknowledged && ack) {
    return (
      <div className="notice notice-good acknowledged" role="status">
        <strong>Rejections acknowledged</strong> by {ack.userId} on {formatTime(ack.at)} ({formatCount(ack.excludedRows)} excluded rows).
        {ack.note && (
          <>
            <br />
            Note: “{ack.note}”
          </>
        )}
      </div>
    );
  }
  const disabledBy = readOnly ? reasonId : undefined;
  return (
    <div className="card audience-acknowledge">
      <h4>Acknowledge rejections</h4>
      <p className="hint">
        {formatCount(excluded)} rows will not be called. Acknowledge them so reviewers know it was on purpose; add what was done about them.
      </p>
      <label htmlFor={noteId}>Acknowledgement note</label>
      <textarea
        id={noteId}
        value={note}
        rows={3}
        disabled={readOnly}
        aria-describedby={disabledBy}
        placeholder="e.g. Bad numbers sent back to the list owner"
        onChange={(e) => setNote(e.target.value)}
      />
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={readOnly || state.fetching}
          aria-describedby={disabledBy}
          onClick={() => acknowledge({ uploadId: upload.id, note: note.trim() || null })}
        >
          {state.fetching ? 'Acknowledging…' : 'Acknowledge rejections'}
        </button>
      </div>
      <ErrorNotice error={state.error} title="The rejections were not acknowledged." />
    </div>
  );
}
