import { useState } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { graphql } from '../../../gql';
import { useViewer } from '../../../app/session';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { DisabledReason } from '../../../components/Page';
import { formatTime } from '../../../components/format';
import type { Report, WizardCampaign } from '../stepProps';
import { signOffBlocked, type SignOffRole } from './reviewRules';

const SignOff = graphql(`
  mutation WizardSignOff($id: ID!, $role: SignOffRole!, $note: String) {
    signOff(campaignId: $id, role: $role, note: $note) { ...WizardCampaign }
  }
`);

/** The owner's and compliance's approval of what will be dialled. */
export function SignOffs({ campaign, report }: { campaign: WizardCampaign; report: Report }) {
  return (
    <section className="card" id="signoffs" aria-labelledby="signoffs-heading" tabIndex={-1}>
      <h2 id="signoffs-heading">Sign-offs</h2>
      <p className="hint">A new upload, a re-validation, or a schedule or outcomes change withdraws the sign-offs.</p>
      <div className="signoffs">
        <SignOffPanel campaign={campaign} role="OWNER" title="Owner" report={report} />
        <SignOffPanel campaign={campaign} role="COMPLIANCE" title="Compliance" report={report} />
      </div>
    </section>
  );
}

function SignOffPanel({ campaign, role, title, report }: { campaign: WizardCampaign; role: SignOffRole; title: string; report: Report }) {
  const viewer = useViewer();
  const [note, setNote] = useState('');
  const [state, signOff] = useMutation(SignOff);
  const [error, setError] = useState<CombinedError | undefined>();
  const given = campaign.signOffs.find((s) => s.role === role);
  const blocked = signOffBlocked(role, viewer, campaign);
  const id = role.toLowerCase();

  const submit = async () => {
    setError(undefined);
    const result = await signOff({ id: campaign.id, role, note: note.trim() || null });
    const { ok, error: shown } = await report({ campaign: result.data?.signOff, error: result.error });
    setError(shown);
    if (ok) setNote('');
  };

  return (
    <div>
      <h3>{title}</h3>
      <p role="status">
        {given ? (
          <>
            <span className="chip chip-good">Signed</span> by <strong>{given.userId}</strong> on {formatTime(given.at)}
            {given.note && <> — “{given.note}”</>}
          </>
        ) : (
          <span className="chip chip-neutral">Not signed</span>
        )}
      </p>
      <label htmlFor={`signoff-${id}-note`}>{title} note (optional)</label>
      <input
        id={`signoff-${id}-note`}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        disabled={blocked !== null}
        aria-describedby={blocked ? `signoff-${id}-reason` : undefined}
      />
      <ErrorNotice error={error} title="Not signed off" />
      <div className="form-actions">
        <button type="button" onClick={submit} disabled={blocked !== null || state.fetching} aria-describedby={blocked ? `signoff-${id}-reason` : undefined}>
          Sign off as {title.toLowerCase()}
        </button>
        {blocked && <DisabledReason id={`signoff-${id}-reason`}>{blocked}</DisabledReason>}
      </div>
    </div>
  );
}
