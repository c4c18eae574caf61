import { useCallback, useEffect, useReducer, useState } from 'react';
import { useClient, useMutation, useQuery, useSubscription, type CombinedError } from 'urql';
import { Link } from '../../app/router';
import { useViewer } from '../../app/session';
import { ErrorNotice, codeOf } from '../../components/ErrorNotice';
import { DisabledReason, Page } from '../../components/Page';
import { PageLoading } from '../../components/PageLoading';
import { StatusChip } from '../../components/StatusChip';
import { newerCampaign } from '../campaigns/live';
import { AudienceStep } from './audience/AudienceStep';
import { OutcomesStep } from './outcomes/OutcomesStep';
import { ReviewStep } from './review/ReviewStep';
import { ScheduleStep } from './schedule/ScheduleStep';
import { Stepper } from './Stepper';
import { readOnlyReason, wizardControls, type WizardControls, type WizardStep } from './stepGate';
import type { Report, WizardCampaign } from './stepProps';
import { WizardCampaignUpdated, WizardGoToStep, WizardPageQuery } from './wizardData';
import './wizard.css';

function keepNewer(current: WizardCampaign | null, arriving: WizardCampaign | null | undefined) {
  return newerCampaign(current, arriving);
}

/** The campaign wizard: Audience → Schedule → Outcomes → Review, at the step the draft stored. */
export function WizardPage({ campaignId }: { campaignId: string }) {
  const viewer = useViewer();
  const client = useClient();
  const [query] = useQuery({ query: WizardPageQuery, variables: { id: campaignId } });
  const [live] = useSubscription({ query: WizardCampaignUpdated, variables: { id: campaignId } });
  const [campaign, offer] = useReducer(keepNewer, null);
  useEffect(() => offer(query.data?.campaign), [query.data]);
  useEffect(() => offer(live.data?.campaignUpdated), [live.data]);

  const [viewing, setViewing] = useState<WizardStep | null>(null);
  const [conflict, setConflict] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [moveError, setMoveError] = useState<CombinedError | undefined>();
  const [move, goToStep] = useMutation(WizardGoToStep);

  const report: Report = useCallback(
    async ({ campaign: answered, error }) => {
      if (error && codeOf(error) === 'VERSION_CONFLICT') {
        const fresh = await client.query(WizardPageQuery, { id: campaignId }, { requestPolicy: 'network-only' }).toPromise();
        offer(fresh.data?.campaign);
        setConflict(true);
        setFormKey((k) => k + 1);
        return { ok: false };
      }
      if (error) return { ok: false, error };
      setConflict(false);
      offer(answered);
      return { ok: true };
    },
    [client, campaignId],
  );

  if (!campaign) {
    return <PageLoading title="Campaign wizard" error={query.error} missing={query.data?.campaign === null} what={`Campaign ${campaignId}`} />;
  }

  const readOnly = readOnlyReason(viewer.roles, campaign.status);
  const controls = wizardControls({ stored: campaign.step as WizardStep, viewing, canAdvance: campaign.canAdvance, readOnly, busy: move.fetching });

  const go = async (step: WizardStep) => {
    if (readOnly) {
      setViewing(step);
      return;
    }
    setMoveError(undefined);
    const result = await goToStep({ id: campaign.id, step, expectedVersion: campaign.version });
    const { error } = await report({ campaign: result.data?.goToStep, error: result.error });
    setMoveError(error);
  };

  const stepProps = { campaign, readOnly, report };
  return (
    <Page
      title={campaign.name}
      actions={
        <>
          <StatusChip status={campaign.status} />
          <Link to={`/campaigns/${encodeURIComponent(campaign.id)}`}>Campaign details</Link>
        </>
      }
    >
      {readOnly && (
        <p className="notice notice-muted" id="wizard-readonly">
          {readOnly}
        </p>
      )}
      {conflict && (
        <div className="notice notice-warning" role="alert">
          Someone else changed this draft: reloaded. The values below are the latest ones; make your change again if it is still needed.
        </div>
      )}
      <Stepper steps={controls.steps} onGo={go} />
      <ErrorNotice error={moveError} title="The step did not change" />
      {controls.shown === 'AUDIENCE' && <AudienceStep campaignId={campaign.id} readOnly={readOnly !== null} />}
      {controls.shown === 'SCHEDULE' && <ScheduleStep key={`s${formKey}`} {...stepProps} />}
      {controls.shown === 'OUTCOMES' && <OutcomesStep key={`o${formKey}`} {...stepProps} />}
      {controls.shown === 'REVIEW' && <ReviewStep key={`r${formKey}`} {...stepProps} onFix={go} />}
      <WizardNav controls={controls} onGo={go} />
    </Page>
  );
}

/** Back and Next, with why they cannot be used when they cannot. */
function WizardNav({ controls, onGo }: { controls: WizardControls; onGo: (step: WizardStep) => void }) {
  const { back, next } = controls;
  return (
    <div className="wizard-nav">
      <div className="back">
        {back.to && (
          <>
            <button type="button" disabled={!back.enabled} aria-describedby={!back.enabled && back.reasons.length > 0 ? 'wizard-back-reason' : undefined} onClick={() => back.to && onGo(back.to)}>
              Back
            </button>
            {!back.enabled && back.reasons.length > 0 && <DisabledReason id="wizard-back-reason">{back.reasons.join(' ')}</DisabledReason>}
          </>
        )}
      </div>
      {next.to && (
        <div className="next">
          <button type="button" className="primary" disabled={!next.enabled} aria-describedby={!next.enabled && next.reasons.length > 0 ? 'wizard-next-reason' : undefined} onClick={() => next.to && onGo(next.to)}>
            Next
          </button>
          {!next.enabled && next.reasons.length > 0 && <DisabledReason id="wizard-next-reason">{next.reasons.join(' ')}</DisabledReason>}
        </div>
      )}
    </div>
  );
}
