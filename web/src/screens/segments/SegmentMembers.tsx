import { Link } from '../../app/router';
import { formatCount } from '../../components/format';
import { contactName } from '../contacts/contactText';
import type { LivePreview } from './useLivePreview';

/** Who the conditions on screen match now: suppressed, shared phones, dialable, and the first of them. */
export function SegmentMembers({ live }: { live: LivePreview }) {
  const s = live.preview;
  return (
    <section className="card" aria-labelledby="members-title" aria-busy={live.updating}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 id="members-title">Members now</h2>
        <button type="button" onClick={live.recount} disabled={!live.request.ready || live.fetching}>
          {live.fetching ? 'Counting…' : 'Count again'}
        </button>
      </div>
      {!live.request.ready ? (
        <p className="hint">Complete the conditions above to see who matches them.</p>
      ) : live.error && live.current ? (
        <p className="hint">The server did not count these conditions: see its answer above.</p>
      ) : !s ? (
        <p className="hint" aria-hidden="true">
          Counting…
        </p>
      ) : (
        <div className={live.updating ? 'updating' : undefined}>
          <p className="hint">For the conditions above as they are now, saved or not.</p>
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
        </div>
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
