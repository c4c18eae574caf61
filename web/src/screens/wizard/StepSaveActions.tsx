import type { CombinedError } from 'urql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { DisabledReason } from '../../components/Page';
import { saveStatus } from './saveStatus';

/**
 * The end of a step's form, for the step named `what` ("Schedule"): the server's refusal, the Save button,
 * why it is disabled (next to it), and whether the form is saved.
 */
export function StepSaveActions({
  what,
  saving,
  reason,
  error,
  status,
}: {
  what: string;
  saving: boolean;
  reason: string | null;
  error: CombinedError | undefined;
  status: Parameters<typeof saveStatus>[1];
}) {
  const reasonId = `${what.toLowerCase()}-save-reason`;
  return (
    <>
      <ErrorNotice error={error} title={`${what} not saved`} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={reason !== null || saving} aria-describedby={reason ? reasonId : undefined}>
          {saving ? 'Saving…' : `Save ${what.toLowerCase()}`}
        </button>
        {reason && <DisabledReason id={reasonId}>{reason}</DisabledReason>}
        <span role="status" className="hint">
          {saveStatus(what, status)}
        </span>
      </div>
    </>
  );
}
