import { useEffect, useRef, useState } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { graphql } from '../../../gql';
import { useRouter } from '../../../app/router';
import { ErrorNotice } from '../../../components/ErrorNotice';
import type { WizardCampaign } from '../stepProps';
import { launchQuestion } from './reviewRules';

const Launch = graphql(`
  mutation WizardLaunch($id: ID!) {
    launchCampaign(campaignId: $id) { id status taskCount version }
  }
`);

/** "Launch and create N dial tasks?": the last question before calls are planned. */
export function LaunchDialog({ campaign, onClose }: { campaign: WizardCampaign; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { navigate } = useRouter();
  const [state, launch] = useMutation(Launch);
  const [error, setError] = useState<CombinedError | undefined>();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const confirm = async () => {
    setError(undefined);
    const result = await launch({ id: campaign.id });
    if (result.error) setError(result.error);
    else navigate(`/campaigns/${encodeURIComponent(campaign.id)}`);
  };

  return (
    <dialog ref={ref} className="confirm" aria-labelledby="launch-title" aria-describedby="launch-question" onCancel={onClose}>
      <h2 id="launch-title">Launch {campaign.name}?</h2>
      <p id="launch-question">{launchQuestion(campaign.audience.contactCount)}</p>
      <p className="hint">Launching cannot be undone: the contact list is consumed and the draft can no longer change.</p>
      <ErrorNotice error={error} title="Not launched" />
      <div className="form-actions">
        <button type="button" className="primary" onClick={confirm} disabled={state.fetching}>
          {state.fetching ? 'Launching…' : 'Confirm'}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
