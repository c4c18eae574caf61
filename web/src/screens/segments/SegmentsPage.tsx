import { useMemo } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { Link } from '../../app/router';
import { hasRole, useViewer } from '../../app/session';
import { DisabledReason, Page } from '../../components/Page';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount, formatTime } from '../../components/format';
import { summariseConditions } from './segmentConditions';
import './segments.css';

const SegmentsQuery = graphql(`
  query SegmentsList {
    segments(first: 100) {
      totalCount
      nodes {
        id
        name
        conditions {
          field
          operator
          key
          values
        }
        count
        createdBy
        createdAt
      }
    }
  }
`);

/** The org's segments with what they select and how many contacts match now. */
export function SegmentsPage() {
  const viewer = useViewer();
  const canEdit = hasRole(viewer, 'SALES_OPS');
  const context = useMemo(() => ({ additionalTypenames: ['Segment'] }), []);
  const [result] = useQuery({ query: SegmentsQuery, context });
  const data = result.data?.segments;

  const actions = canEdit ? (
    <Link to="/segments/new" className="button primary">
      New segment
    </Link>
  ) : (
    <span className="row">
      <button type="button" className="primary" disabled aria-describedby="new-segment-why">
        New segment
      </button>
      <DisabledReason id="new-segment-why">Creating segments needs the SALES_OPS role.</DisabledReason>
    </span>
  );

  return (
    <Page title="Segments" actions={actions}>
      <p className="hint">
        A segment is a named filter over the contact directory (its conditions all apply). Counts are live: they follow the
        directory and the suppression list until a campaign using the segment launches.
      </p>
      <ErrorNotice error={result.error} title="The segments could not be loaded" />
      {data && data.nodes.length === 0 && <p className="notice notice-muted">No segment yet.</p>}
      {data && data.nodes.length > 0 && (
        <>
          <p className="hint" role="status">
            {formatCount(data.totalCount)} segment{data.totalCount === 1 ? '' : 's'}
            {data.totalCount > data.nodes.length ? `, the newest ${data.nodes.length} shown` : ''}
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Conditions</th>
                  <th scope="col" className="num">
                    Members now
                  </th>
                  <th scope="col">Created by</th>
                  <th scope="col">Created at</th>
                </tr>
              </thead>
              <tbody>
                {data.nodes.map((s) => (
                  <tr key={s.id}>
                    <td className="wrap-anywhere">
                      <Link to={`/segments/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                    </td>
                    <td className="conditions-summary">{summariseConditions(s.conditions)}</td>
                    <td className="num">{formatCount(s.count)}</td>
                    <td>{s.createdBy}</td>
                    <td>{formatTime(s.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Page>
  );
}
