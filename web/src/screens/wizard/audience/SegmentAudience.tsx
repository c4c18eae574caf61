import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../../gql';
import { Link } from '../../../app/router';
import { useViewer } from '../../../app/session';
import { DisabledReason } from '../../../components/Page';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { DirectoryAudienceCounts } from '../../../components/DirectoryAudienceCounts';
import { audienceReadOnlyReason } from './pasteIdsReadOnly';
import './pasteIds.css';

/** What the panel shows of the draft's audience: the query and the mutation answer alike. */
graphql(`
  fragment SegmentAudienceCurrent on Campaign {
    id
    version
    audience {
      source
      segmentId
      segment {
        id
        name
        deletedAt
      }
      contactCount
      directory {
        ...DirectoryAudienceCounts
      }
    }
  }
`);

const PanelQuery = graphql(`
  query SegmentAudiencePanel($id: ID!) {
    campaign(id: $id) {
      status
      ...SegmentAudienceCurrent
    }
    segments(first: 100) {
      totalCount
      nodes {
        id
        name
      }
    }
  }
`);

const SegmentCountQuery = graphql(`
  query SegmentAudienceCount($id: ID!) {
    segment(id: $id) {
      id
      count
      members {
        suppressed
        dialable
      }
    }
  }
`);

const UseSegmentMutation = graphql(`
  mutation SegmentAudienceUse($campaignId: ID!, $segmentId: ID!) {
    setAudienceSegment(campaignId: $campaignId, segmentId: $segmentId) {
      ...SegmentAudienceCurrent
    }
  }
`);

/** Audience from a segment: pick one, see how many it holds now, use it. Counts stay live until launch. */
export function SegmentAudience({ campaignId, readOnly }: { campaignId: string; readOnly: boolean }) {
  const viewer = useViewer();
  const [panel] = useQuery({ query: PanelQuery, variables: { id: campaignId } });
  const [choice, setChoice] = useState<string | null>(null);
  const [using, bindSegment] = useMutation(UseSegmentMutation);
  const c = panel.data?.campaign;
  const bound = c?.audience.source === 'SEGMENT' ? c.audience : null;
  const selected = choice ?? bound?.segmentId ?? '';
  const [count] = useQuery({ query: SegmentCountQuery, variables: { id: selected }, pause: !selected });
  const reason = readOnly ? audienceReadOnlyReason(viewer.roles, c?.status) : null;
  const segments = panel.data?.segments.nodes ?? [];

  const answered = using.data?.setAudienceSegment;
  const current = answered && (!c || answered.version >= c.version) ? answered : c;
  const audience = current?.audience.source === 'SEGMENT' ? current.audience : null;

  async function use(e: FormEvent) {
    e.preventDefault();
    if (readOnly || !selected) return;
    await bindSegment({ campaignId, segmentId: selected });
  }

  const alreadyUsed = audience?.segmentId === selected;
  const disabledWhy = reason ? 'segment-audience-readonly' : !selected ? 'segment-audience-pick' : undefined;
  const live = count.data?.segment;
  return (
    <form className="segment-audience" onSubmit={use} aria-labelledby="segment-audience-title">
      <h3 id="segment-audience-title">Segment</h3>
      <p className="hint">
        A segment is a named filter over the contact directory. Its members are counted live until launch, which freezes who is
        dialled. <Link to="/segments/new">Build a new segment</Link>
      </p>
      {reason && <DisabledReason id="segment-audience-readonly">{reason}</DisabledReason>}
      <ErrorNotice error={panel.error} title="The segments could not be loaded" />
      {panel.data && segments.length === 0 && (
        <p className="notice notice-muted">This organisation has no segment yet: build one first.</p>
      )}
      <label htmlFor="segment-audience-select">Segment</label>
      <select
        id="segment-audience-select"
        value={selected}
        onChange={(e) => setChoice(e.target.value)}
        disabled={readOnly || segments.length === 0}
        aria-describedby={reason ? 'segment-audience-readonly' : 'segment-audience-live'}
      >
        <option value="">Choose a segment…</option>
        {bound?.segment?.deletedAt && <option value={bound.segment.id}>{bound.segment.name} (deleted)</option>}
        {segments.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      <p id="segment-audience-live" className="hint" role="status">
        {!selected
          ? 'Pick a segment to see how many contacts it holds now.'
          : count.fetching && !live
            ? 'Counting members…'
            : live
              ? `${live.count.toLocaleString('en-US')} member${live.count === 1 ? '' : 's'} now: ${live.members.dialable.toLocaleString('en-US')} dialable, ${live.members.suppressed.toLocaleString('en-US')} suppressed.`
              : ''}
        {selected && (
          <>
            {' '}
            <Link to={`/segments/${encodeURIComponent(selected)}`}>Open the segment</Link>
          </>
        )}
      </p>
      <ErrorNotice error={count.error} title="The segment could not be counted" />
      <div className="row">
        <button type="submit" className="primary" disabled={readOnly || !selected || using.fetching} aria-describedby={disabledWhy}>
          {using.fetching ? 'Resolving…' : 'Use this segment'}
        </button>
        {!selected && !reason && (
          <span id="segment-audience-pick" className="hint">
            Choose a segment first.
          </span>
        )}
        {selected && alreadyUsed && <span className="hint">This segment is the campaign’s audience now.</span>}
      </div>
      <ErrorNotice error={using.error} title="The audience was not changed" />
      {audience?.segment?.deletedAt && (
        <p className="notice notice-error" role="status">
          The segment “{audience.segment.name}” was deleted: this draft cannot launch until another audience is chosen.
        </p>
      )}
      {audience?.directory && (
        <DirectoryAudienceCounts
          directory={audience.directory}
          kind="SEGMENT"
          title={`Current audience: segment “${audience.segment?.name ?? audience.segmentId}”`}
        />
      )}
    </form>
  );
}
