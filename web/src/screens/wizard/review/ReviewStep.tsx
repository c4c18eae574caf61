import { useState } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { graphql } from '../../../gql';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { DisabledReason } from '../../../components/Page';
import type { StepProps } from '../stepProps';
import type { WizardStep } from '../stepGate';
import { ReadinessChecklist } from './ReadinessChecklist';
import { ReviewSummary } from './ReviewSummary';
import { SignOffs } from './SignOffs';
import { LaunchDialog } from './LaunchDialog';
import { launchBlocked } from './reviewRules';

const SaveDraft = graphql(`
  mutation WizardSaveDraft($id: ID!) {
    saveDraft(campaignId: $id) { ...WizardCampaign }
  }
`);

/** Everything chosen, whether it is ready, the sign-offs, and launch. */
export function ReviewStep({ campaign, readOnly, report, onFix }: StepProps & { onFix: (step: WizardStep) => void }) {
  const [saving, saveDraft] = useMutation(SaveDraft);
  const [error, setError] = useState<CombinedError | undefined>();
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const failing = campaign.readiness.checks.filter((c) => !c.passed).length;
  const launchReason = launchBlocked(readOnly, campaign.readiness.ready, failing);
  const wizardHref = `/campaigns/${encodeURIComponent(campaign.id)}/wizard`;

  const save = async () => {
    setError(undefined);
    setSaved(false);
    const result = await saveDraft({ id: campaign.id });
    const { ok, error: shown } = await report({ campaign: result.data?.saveDraft, error: result.error });
    setError(shown);
    setSaved(ok);
  };

  return (
    <div>
      <section className="card" aria-labelledby="review-summary-heading">
        <h2 id="review-summary-heading">Review</h2>
        <ReviewSummary campaign={campaign} />
      </section>
      <section className="card" aria-labelledby="review-readiness-heading">
        <h2 id="review-readiness-heading">Readiness</h2>
        <p className={`notice ${campaign.readiness.ready ? 'notice-good' : 'notice-warning'}`} role="status">
          {campaign.readiness.ready ? 'Every check passed: the campaign can be launched.' : `${failing} of ${campaign.readiness.checks.length} checks have not passed yet.`}
        </p>
        <ReadinessChecklist checks={campaign.readiness.checks} onFix={onFix} fixHref={wizardHref} />
      </section>
      <SignOffs campaign={campaign} report={report} />
      <section className="card" aria-labelledby="review-launch-heading">
        <h2 id="review-launch-heading">Save and launch</h2>
        <p className="hint">Saving the draft attaches the contact list; launch creates one dial task per dialable contact.</p>
        <ErrorNotice error={error} title="Draft not saved" />
        <div className="form-actions">
          <button type="button" onClick={save} disabled={readOnly !== null || saving.fetching} aria-describedby={readOnly ? 'review-save-reason' : undefined}>
            {saving.fetching ? 'Saving…' : 'Save draft'}
          </button>
          {readOnly && <DisabledReason id="review-save-reason">{readOnly}</DisabledReason>}
          <span role="status" className="hint">
            {saved ? 'Draft saved.' : ''}
          </span>
        </div>
        <div className="form-actions">
          <button type="button" className="primary" disabled={launchReason !== null} aria-describedby={launchReason ? 'review-launch-reason' : undefined} onClick={() => setConfirming(true)}>
            Launch campaign
          </button>
          {launchReason && <DisabledReason id="review-launch-reason">{launchReason}</DisabledReason>}
        </div>
      </section>
      {confirming && <LaunchDialog campaign={campaign} onClose={() => setConfirming(false)} />}
    </div>
  );
}
