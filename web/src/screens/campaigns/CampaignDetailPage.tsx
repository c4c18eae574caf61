import { useEffect, useReducer } from 'react';
import { useQuery, useSubscription } from 'urql';
import type { CampaignDetailFragment } from '../../gql/graphql';
import { Link } from '../../app/router';
import { Page } from '../../components/Page';
import { PageLoading } from '../../components/PageLoading';
import { StatusChip } from '../../components/StatusChip';
import { formatBytes, formatCount, formatTime } from '../../components/format';
import { Table } from '../../components/Table';
import { STEP_LABELS, type WizardStep } from '../wizard/stepGate';
import { ReadinessChecklist } from '../wizard/review/ReadinessChecklist';
import { CampaignDetailQuery, CampaignDetailUpdated } from './detailData';
import { newerCampaign } from './live';
import { UploadSection } from './UploadSection';
import '../wizard/wizard.css';
import './campaigns.css';

type Campaign = CampaignDetailFragment;

function keepNewer(current: Campaign | null, arriving: Campaign | null | undefined) {
  return newerCampaign(current, arriving);
}

/** One campaign: its state, its upload live, readiness, and after launch its dial tasks. */
export function CampaignDetailPage({ campaignId }: { campaignId: string }) {
  const [query] = useQuery({ query: CampaignDetailQuery, variables: { id: campaignId } });
  const [live] = useSubscription({ query: CampaignDetailUpdated, variables: { id: campaignId } });
  const [campaign, offer] = useReducer(keepNewer, null);
  useEffect(() => offer(query.data?.campaign), [query.data]);
  useEffect(() => offer(live.data?.campaignUpdated), [live.data]);

  if (!campaign) {
    return <PageLoading title="Campaign" error={query.error} missing={query.data?.campaign === null} what={`Campaign ${campaignId}`} />;
  }

  const { audience } = campaign;
  return (
    <Page
      title={campaign.name}
      actions={
        campaign.status === 'DRAFT' && (
          <Link to={`/campaigns/${encodeURIComponent(campaign.id)}/wizard`} className="button primary">
            Edit in wizard
          </Link>
        )
      }
    >
      <section className="card" aria-labelledby="detail-facts-heading">
        <h2 id="detail-facts-heading" className="visually-hidden">
          Campaign facts
        </h2>
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <StatusChip status={campaign.status} />
          </dd>
          <dt>Id</dt>
          <dd><code>{campaign.id}</code></dd>
          <dt>Owner</dt>
          <dd>{campaign.ownerId}</dd>
          {campaign.status === 'DRAFT' && (
            <>
              <dt>Wizard step</dt>
              <dd>{STEP_LABELS[campaign.step as WizardStep] ?? campaign.step}</dd>
            </>
          )}
          <dt>Created</dt>
          <dd>{formatTime(campaign.createdAt)}</dd>
          <dt>Updated</dt>
          <dd>{formatTime(campaign.updatedAt)}</dd>
          <dt>Launched</dt>
          <dd>{campaign.launchedAt ? formatTime(campaign.launchedAt) : <span className="hint">not launched</span>}</dd>
          {campaign.status === 'LAUNCHED' && (
            <>
              <dt>Dial tasks</dt>
              <dd>{formatCount(campaign.taskCount)}</dd>
            </>
          )}
          {campaign.signOffs.map((s) => (
            <FactPair key={s.role} label={s.role === 'OWNER' ? 'Owner sign-off' : 'Compliance sign-off'} value={`${s.userId}, ${formatTime(s.at)}${s.note ? ` — “${s.note}”` : ''}`} />
          ))}
        </dl>
      </section>
      <SplitLinks campaign={campaign} />
      <AudienceSummary campaign={campaign} />
      {audience.upload && <UploadSection upload={audience.upload} />}
      {audience.uploadHistory.length > 0 && <UploadHistory uploads={audience.uploadHistory} />}
      {campaign.status === 'LAUNCHED' && <Tasks campaign={campaign} />}
      {/* The launch checklist matters while the campaign can still be launched. */}
      {campaign.status === 'DRAFT' && (
        <section className="card" aria-labelledby="detail-readiness-heading">
          <h2 id="detail-readiness-heading">Readiness</h2>
          <p className={`notice ${campaign.readiness.ready ? 'notice-good' : 'notice-muted'}`}>
            {campaign.readiness.ready ? 'Every check passed.' : `${campaign.readiness.checks.filter((c) => !c.passed).length} of ${campaign.readiness.checks.length} checks have not passed.`}
          </p>
          <ReadinessChecklist checks={campaign.readiness.checks} />
        </section>
      )}
    </Page>
  );
}

function FactPair({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

function SplitLinks({ campaign }: { campaign: Campaign }) {
  if (!campaign.splitFrom && !campaign.splitInto?.length) return null;
  return (
    <section className="card" aria-labelledby="detail-split-heading">
      <h2 id="detail-split-heading">Split</h2>
      {campaign.splitFrom && (
        <p>
          Split from <Link to={`/campaigns/${encodeURIComponent(campaign.splitFrom)}`}>{campaign.splitFrom}</Link>
          {campaign.splitValue != null ? <> for the value “{campaign.splitValue}”</> : ' (rows with an empty value)'}.
        </p>
      )}
      {campaign.splitInto && campaign.splitInto.length > 0 && (
        <>
          <p>This campaign was split into {campaign.splitInto.length} drafts:</p>
          <ul>
            {campaign.splitInto.map((p) => (
              <li key={p.campaignId}>
                <Link to={`/campaigns/${encodeURIComponent(p.campaignId)}`}>{p.campaign?.name ?? p.campaignId}</Link> — {p.value ?? '(empty value)'}, {formatCount(p.contacts)} contacts
                {p.campaign && <> <StatusChip status={p.campaign.status} /></>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function AudienceSummary({ campaign }: { campaign: Campaign }) {
  const { audience } = campaign;
  const d = audience.directory;
  return (
    <section className="card" aria-labelledby="detail-audience-heading">
      <h2 id="detail-audience-heading">Audience</h2>
      <dl className="facts">
        <dt>Source</dt>
        <dd>{audience.source === 'CSV' ? 'Contact CSV' : audience.source === 'CONTACT_IDS' ? 'Pasted contact ids' : audience.source === 'SEGMENT' ? 'Segment' : 'None yet'}</dd>
        {audience.segment && (
          <>
            <dt>Segment</dt>
            <dd>
              <Link to={`/segments/${encodeURIComponent(audience.segment.id)}`}>{audience.segment.name}</Link>
              {audience.segment.deletedAt && <span className="hint"> (deleted {formatTime(audience.segment.deletedAt)})</span>}
            </dd>
          </>
        )}
        <dt>Dialable contacts</dt>
        <dd>{formatCount(audience.contactCount)}</dd>
        {d && (
          <>
            {audience.source === 'CONTACT_IDS' && (
              <>
                <dt>Pasted</dt>
                <dd>
                  {formatCount(d.pasted)} ({formatCount(d.duplicatesInPaste)} repeated)
                </dd>
              </>
            )}
            <dt>Requested</dt>
            <dd>{formatCount(d.requested)}</dd>
            <dt>Found in directory</dt>
            <dd>{formatCount(d.resolved)}</dd>
            <dt>Unknown</dt>
            <dd>
              {formatCount(d.unknown)}
              {d.unknownIds.length > 0 && <span className="hint"> ({d.unknownIds.slice(0, 10).join(', ')}{d.unknown > 10 ? '…' : ''})</span>}
            </dd>
            <dt>Suppressed</dt>
            <dd>{formatCount(d.suppressed)}</dd>
            <dt>Sharing a phone</dt>
            <dd>{formatCount(d.duplicatePhones)}</dd>
            <dt>No time zone</dt>
            <dd>{formatCount(d.timezoneMissing)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function UploadHistory({ uploads }: { uploads: Campaign['audience']['uploadHistory'] }) {
  return (
    <section className="card" aria-labelledby="detail-history-heading">
      <h2 id="detail-history-heading">Earlier uploads</h2>
      <Table columns={['File', 'Status', { label: 'Size', numeric: true }, { label: 'Accepted', numeric: true }, { label: 'Rejected', numeric: true }, 'Received']}>
        {uploads.map((u) => (
          <tr key={u.id}>
            <td>{u.fileName}</td>
            <td>
              <StatusChip status={u.status} />
            </td>
            <td className="num">{formatBytes(u.sizeBytes)}</td>
            <td className="num">{formatCount(u.counts?.accepted)}</td>
            <td className="num">{formatCount(u.counts?.rejected)}</td>
            <td className="nowrap">{formatTime(u.receivedAt)}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

function Tasks({ campaign }: { campaign: Campaign }) {
  const tasks = campaign.tasks;
  return (
    <section className="card" aria-labelledby="detail-tasks-heading">
      <h2 id="detail-tasks-heading">Dial tasks</h2>
      <p>
        <strong data-testid="task-count">{formatCount(campaign.taskCount)}</strong> dial tasks were created at launch
        {tasks.nodes.length > 0 && tasks.nodes.length < campaign.taskCount ? `; the first ${tasks.nodes.length} are shown` : ''}.
      </p>
      {tasks.nodes.length > 0 && (
        <Table columns={['Contact', 'Phone', 'Time zone', 'CRM id', 'Status']}>
          {tasks.nodes.map((t) => (
            <tr key={t.id}>
              <td>{t.contactIdentifier}</td>
              <td className="nowrap">
                {t.phone}
                {t.phoneExtension && ` x${t.phoneExtension}`}
              </td>
              <td>{t.timezone ?? '—'}</td>
              <td>{t.crmId ?? '—'}</td>
              <td>{t.status}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
