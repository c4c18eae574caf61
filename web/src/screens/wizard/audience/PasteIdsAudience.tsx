import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../../gql';
import { Link } from '../../../app/router';
import { useViewer } from '../../../app/session';
import { DisabledReason } from '../../../components/Page';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { parsePastedIds, pasteProblem } from './pasteIds';
import { PastedCounts } from './pasteIdsCounts';
import { DirectoryAudienceCounts } from '../../../components/DirectoryAudienceCounts';
import { audienceReadOnlyReason } from './pasteIdsReadOnly';
import './pasteIds.css';

/** What the panel shows of the draft's audience: the query and the mutation answer alike. */
graphql(`
  fragment PasteIdsAudienceCurrent on Campaign {
    id
    version
    audience {
      source
      contactCount
      directory {
        ...DirectoryAudienceCounts
      }
    }
  }
`);

const CampaignQuery = graphql(`
  query PasteIdsAudienceCampaign($id: ID!) {
    campaign(id: $id) {
      status
      ...PasteIdsAudienceCurrent
    }
  }
`);

const SetIdsMutation = graphql(`
  mutation PasteIdsAudienceSet($campaignId: ID!, $contactIds: [ID!]!) {
    setAudienceContactIds(campaignId: $campaignId, contactIds: $contactIds) {
      ...PasteIdsAudienceCurrent
    }
  }
`);

/** Audience from pasted contact ids: counted here while pasting, resolved by the server against the directory. */
export function PasteIdsAudience({ campaignId, readOnly }: { campaignId: string; readOnly: boolean }) {
  const viewer = useViewer();
  const [text, setText] = useState('');
  const [campaign] = useQuery({ query: CampaignQuery, variables: { id: campaignId } });
  const [setting, setIds] = useMutation(SetIdsMutation);
  const parsed = parsePastedIds(text);
  const problem = pasteProblem(parsed);
  const c = campaign.data?.campaign;
  const reason = readOnly ? audienceReadOnlyReason(viewer.roles, c?.status) : null;

  // The newest of what the query and the mutation answered.
  const answered = setting.data?.setAudienceContactIds;
  const current = answered && (!c || answered.version >= c.version) ? answered : c;
  const directory = current?.audience.source === 'CONTACT_IDS' ? current.audience.directory : null;

  async function use(e: FormEvent) {
    e.preventDefault();
    if (readOnly || problem) return;
    // The pasted text as ONE element: the server splits it exactly as the count above did.
    await setIds({ campaignId, contactIds: [text] });
  }

  const whyDisabled = reason ? 'paste-ids-readonly' : problem && parsed.pasted > 0 ? 'paste-ids-problem' : undefined;
  return (
    <form className="paste-ids" onSubmit={use} aria-labelledby="paste-ids-title">
      <h3 id="paste-ids-title">Paste contact ids</h3>
      <p className="hint">
        Ids of contacts already in the <Link to="/contacts">contact directory</Link>. One per line, or separated by commas,
        semicolons, tabs or spaces. At most 100,000.
      </p>
      {reason && <DisabledReason id="paste-ids-readonly">{reason}</DisabledReason>}
      <label htmlFor="paste-ids-text">Contact IDs</label>
      <textarea
        id="paste-ids-text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        disabled={readOnly}
        aria-describedby={reason ? 'paste-ids-readonly' : 'paste-ids-counts-hint'}
        spellCheck={false}
        placeholder={'c-1001\nc-1002, c-1003'}
      />
      <span id="paste-ids-counts-hint" className="visually-hidden">
        The counts below update as you paste.
      </span>
      <PastedCounts parsed={parsed} />
      {problem && parsed.pasted > 0 && (
        <p id="paste-ids-problem" className="notice notice-warning">
          {problem}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={readOnly || Boolean(problem) || setting.fetching} aria-describedby={whyDisabled}>
          {setting.fetching ? 'Resolving…' : 'Use these contacts'}
        </button>
        {directory && !readOnly && <span className="hint">Using new ids replaces the current ones.</span>}
      </div>
      <ErrorNotice error={setting.error} title="The audience was not changed" />
      <ErrorNotice error={campaign.error} title="The campaign’s audience could not be loaded" />
      {directory && (
        <DirectoryAudienceCounts
          directory={directory}
          kind="CONTACT_IDS"
          title={answered && current === answered ? 'The server resolved your paste' : 'Current audience: pasted contact ids'}
        />
      )}
    </form>
  );
}
