import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { useRouter } from '../../app/router';
import { hasRole, useViewer } from '../../app/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { DisabledReason, Page } from '../../components/Page';
import './campaigns.css';

const CreateCampaign = graphql(`
  mutation CreateCampaignPageCreate($name: String!) {
    createCampaign(input: { name: $name }) { id }
  }
`);

/** A new draft: a name, then the wizard. */
export function CreateCampaignPage() {
  const viewer = useViewer();
  const { navigate } = useRouter();
  const [name, setName] = useState('');
  const [state, create] = useMutation(CreateCampaign);
  const blocked = hasRole(viewer, 'SALES_OPS') ? null : `Your role (${viewer.roles.join(', ') || 'none'}) can view campaigns but not create them: creating needs SALES_OPS.`;
  const empty = name.trim() === '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (blocked || empty) return;
    const result = await create({ name: name.trim() });
    const id = result.data?.createCampaign.id;
    if (id) navigate(`/campaigns/${encodeURIComponent(id)}/wizard`);
  };

  const reason = blocked ?? (empty ? 'Give the campaign a name first.' : null);
  return (
    <Page title="Create campaign">
      <form className="card create-form" onSubmit={submit}>
        <p className="hint">The campaign starts as a draft; the wizard then takes you through its audience, schedule and outcomes.</p>
        <label htmlFor="campaign-name">Campaign name</label>
        <input
          id="campaign-name"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          disabled={blocked !== null}
          aria-describedby={blocked ? 'create-reason' : undefined}
          autoComplete="off"
        />
        <ErrorNotice error={state.error} title="Campaign not created" />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={reason !== null || state.fetching} aria-describedby={reason ? 'create-reason' : undefined}>
            {state.fetching ? 'Creating…' : 'Create campaign'}
          </button>
          {reason && <DisabledReason id="create-reason">{reason}</DisabledReason>}
        </div>
      </form>
    </Page>
  );
}
