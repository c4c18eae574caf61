import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { CampaignStatus } from '../../gql/graphql';
import { Link } from '../../app/router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Page } from '../../components/Page';
import { StatusChip } from '../../components/StatusChip';
import { formatCount, formatTime } from '../../components/format';
import { Table } from '../../components/Table';
import { STEP_LABELS, type WizardStep } from '../wizard/stepGate';
import { currentAfter, firstPage, hasPrevious, nextPage, pageRange, previousPage } from './paging';
import './campaigns.css';

const PAGE_SIZE = 20;

const CampaignsListQuery = graphql(`
  query CampaignsList($first: Int, $after: String, $status: CampaignStatus) {
    campaigns(first: $first, after: $after, status: $status) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        name
        ownerId
        status
        step
        updatedAt
        audience {
          source
          contactCount
          upload { id status counts { accepted rejected } }
        }
      }
    }
  }
`);

const sourceNames: Record<string, string> = { CSV: 'CSV upload', CONTACT_IDS: 'Pasted ids', SEGMENT: 'Segment' };
const statuses: CampaignStatus[] = ['DRAFT', 'LAUNCHED', 'CANCELLED'];

/** Every campaign of the org, newest first, a page at a time. */
export function CampaignsPage() {
  const [status, setStatus] = useState<CampaignStatus | ''>('');
  const [paging, setPaging] = useState(firstPage);
  const [result] = useQuery({
    query: CampaignsListQuery,
    variables: { first: PAGE_SIZE, after: currentAfter(paging), status: status || null },
  });
  const campaigns = result.data?.campaigns;
  // While another page or filter loads, the table still shows the previous one: say so, not a wrong range.
  const asked = result.operation?.variables;
  const fresh = !!asked && asked.after === currentAfter(paging) && (asked.status ?? null) === (status || null);

  return (
    <Page
      title="Campaigns"
      actions={
        <Link to="/campaigns/new" className="button primary">
          Create campaign
        </Link>
      }
    >
      <div className="row list-controls">
        <div>
          <label htmlFor="campaigns-status">Status</label>
          <select
            id="campaigns-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as CampaignStatus | '');
              setPaging(firstPage);
            }}
          >
            <option value="">All</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <p className="hint list-count" role="status" aria-live="polite">
          {campaigns && fresh ? pageRange(paging, PAGE_SIZE, campaigns.nodes.length, campaigns.totalCount) : 'Loading…'}
        </p>
      </div>
      <ErrorNotice error={result.error} />
      {campaigns && campaigns.nodes.length === 0 && (
        <p className="notice notice-muted">{status ? `No ${status} campaigns.` : 'No campaigns yet: create the first one.'}</p>
      )}
      {campaigns && campaigns.nodes.length > 0 && (
        <Table caption="Campaigns" busy={!fresh} columns={['Name', 'Owner', 'Status', 'Wizard step', 'Audience', 'Upload', { label: 'Accepted', numeric: true }, { label: 'Rejected', numeric: true }, 'Updated']}>
          {campaigns.nodes.map((c) => {
            const upload = c.audience.upload;
            return (
              <tr key={c.id}>
                <td>
                  <Link to={`/campaigns/${encodeURIComponent(c.id)}`}>{c.name}</Link>
                </td>
                <td>{c.ownerId}</td>
                <td>
                  <StatusChip status={c.status} />
                </td>
                <td>{STEP_LABELS[c.step as WizardStep] ?? c.step}</td>
                <td>{c.audience.source ? sourceNames[c.audience.source] : <span className="hint">None yet</span>}</td>
                <td>{upload ? <StatusChip status={upload.status} /> : <span className="hint">—</span>}</td>
                <td className="num">{formatCount(upload?.counts?.accepted)}</td>
                <td className="num">{formatCount(upload?.counts?.rejected)}</td>
                <td className="nowrap">{formatTime(c.updatedAt)}</td>
              </tr>
            );
          })}
        </Table>
      )}
      {campaigns && (
        <nav className="row pager" aria-label="Campaign pages">
          <button type="button" disabled={!hasPrevious(paging) || result.fetching} onClick={() => setPaging(previousPage)}>
            Previous page
          </button>
          <button
            type="button"
            disabled={!campaigns.pageInfo.hasNextPage || result.fetching}
            onClick={() => setPaging((p) => nextPage(p, campaigns.pageInfo.endCursor))}
          >
            Next page
          </button>
          <span className="hint">Page {paging.cursors.length}</span>
        </nav>
      )}
    </Page>
  );
}
