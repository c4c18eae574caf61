import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { Link } from '../../app/router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount } from '../../components/format';
import { contactName } from '../contacts/contactText';

const MembersQuery = graphql(`
  query SegmentBuilderMembers($id: ID!) {
    segment(id: $id) {
      id
      version
      count
      members {
        requested
        resolved
        suppressed
        duplicatePhones
        dialable
        timezoneMissing
      }
      preview(first: 10) {
        identifier
        firstName
        lastName
        phone
        company
        timezone
        suppressed
      }
    }
  }
`);

/** How many directory contacts match the saved conditions now, how many are dialable, and the first of them. */
export function SegmentMembers({ segmentId, stale }: { segmentId: string; stale: boolean }) {
  const [result, refresh] = useQuery({ query: MembersQuery, variables: { id: segmentId } });
  const s = result.data?.segment;
  return (
    <section className="card" aria-labelledby="members-title" aria-busy={result.fetching}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 id="members-title">Members now</h2>
        <button type="button" onClick={() => refresh({ requestPolicy: 'network-only' })} disabled={result.fetching}>
          {result.fetching ? 'Counting…' : 'Count again'}
        </button>
      </div>
      {stale && (
        <p className="notice notice-warning" role="status">
          These counts are for the saved conditions: save your changes to count them (the server counts saved segments only).
        </p>
      )}
      <ErrorNotice error={result.error} title="The members could not be counted" />
      {s && (
        <>
          <div className="segment-counts" role="group" aria-label="Member counts">
            <Count label="Members" value={s.count} />
            <Count label="Suppressed" value={s.members.suppressed} />
            <Count label="Shared phones" value={s.members.duplicatePhones} />
            <Count label="Dialable" value={s.members.dialable} />
            <Count label="No time zone" value={s.members.timezoneMissing} />
          </div>
          <p className="hint">
            Suppressed contacts are never dialled; contacts sharing a phone with an earlier one are dialled once per phone.
          </p>
          <h3>First members</h3>
          {s.preview.length === 0 ? (
            <p className="hint">No contact matches these conditions now.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Identifier</th>
                    <th scope="col">Name</th>
                    <th scope="col">Phone</th>
                    <th scope="col">Company</th>
                    <th scope="col">Time zone</th>
                    <th scope="col">Suppressed</th>
                  </tr>
                </thead>
                <tbody>
                  {s.preview.map((c) => (
                    <tr key={c.identifier}>
                      <td className="wrap-anywhere">
                        <Link to={`/contacts/${encodeURIComponent(c.identifier)}`}>{c.identifier}</Link>
                      </td>
                      <td>{contactName(c) || <span className="hint">—</span>}</td>
                      <td style={{ whiteSpace: 'nowrap' }}>{c.phone}</td>
                      <td>{c.company ?? <span className="hint">—</span>}</td>
                      <td>{c.timezone ?? <span className="hint">missing</span>}</td>
                      <td>{c.suppressed ? <span className="chip chip-bad">Suppressed</span> : 'No'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <span className="value">{formatCount(value)}</span> <span className="label">{label}</span>
    </div>
  );
}
