import { useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount, formatTime } from '../../components/format';
import { Pager } from '../../components/Pager';
import { useCursorPages, useDebounced } from '../../components/paging';
import { suppressionSearch } from './phoneList';

const PAGE_SIZE = 25;

const ListQuery = graphql(`
  query ComplianceSuppressions($first: Int!, $after: String, $search: String) {
    suppressions(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        phone
        reason
        addedBy
        addedAt
      }
    }
  }
`);

const RemoveMutation = graphql(`
  mutation ComplianceRemoveSuppressions($phones: [String!]!) {
    removeSuppressions(phones: $phones) {
      removed
      invalid
      version
    }
  }
`);

/** The suppression list: search, page, select and remove (after a confirmation). */
export function SuppressionList({ onChanged }: { onChanged: (version: number) => void }) {
  const [search, setSearch] = useState('');
  const settled = useDebounced(suppressionSearch(search));
  const pages = useCursorPages(settled);
  // A change answers SuppressionResult, which no list holds: name it so the list is asked again.
  const context = useMemo(() => ({ additionalTypenames: ['SuppressionResult', 'Suppression'] }), []);
  const [list] = useQuery({
    query: ListQuery,
    variables: { first: PAGE_SIZE, after: pages.after, search: settled || null },
    context,
  });
  const [selected, setSelected] = useState<string[]>([]);
  const [confirming, setConfirming] = useState<string[] | null>(null);
  const [removed, setRemoved] = useState<number | null>(null);
  const [removal, remove] = useMutation(RemoveMutation);

  const data = list.data?.suppressions;
  const nodes = data?.nodes ?? [];
  const visible = new Set(nodes.map((n) => n.phone));
  const chosen = selected.filter((p) => visible.has(p));

  async function confirmRemoval(phones: string[]) {
    const answer = await remove({ phones });
    const result = answer.data?.removeSuppressions;
    if (result) {
      setRemoved(result.removed);
      onChanged(result.version);
      setSelected((s) => s.filter((p) => !phones.includes(p)));
    }
    setConfirming(null);
  }

  return (
    <section className="card" aria-labelledby="suppression-list-title">
      <h2 id="suppression-list-title">
        Suppression list{data ? ` (${formatCount(data.totalCount)} ${data.totalCount === 1 ? 'number' : 'numbers'}${settled ? ' matching' : ''})` : ''}
      </h2>
      <div className="row suppression-toolbar">
        <div>
          <label htmlFor="suppression-search">Search suppressions</label>
          <input id="suppression-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Phone or part of it" aria-describedby="suppression-search-hint" />
          <span id="suppression-search-hint" className="hint" style={{ display: 'block' }}>
            Any part of the number, written any way: 415 555, +44 20.
          </span>
        </div>
        <div className="row">
          <button
            type="button"
            className="danger"
            disabled={chosen.length === 0}
            aria-describedby={chosen.length === 0 ? 'remove-selected-why' : undefined}
            onClick={() => setConfirming(chosen)}
          >
            Remove selected{chosen.length > 0 ? ` (${chosen.length})` : ''}
          </button>
          {chosen.length === 0 && (
            <span id="remove-selected-why" className="hint">
              Tick numbers to remove several at once.
            </span>
          )}
        </div>
      </div>
      {confirming && (
        <ConfirmRemoval phones={confirming} busy={removal.fetching} onConfirm={() => confirmRemoval(confirming)} onCancel={() => setConfirming(null)} />
      )}
      <ErrorNotice error={removal.error} title="Nothing was removed" />
      {removed != null && !removal.error && (
        <p className="notice notice-good" role="status">
          Removed {formatCount(removed)} number{removed === 1 ? '' : 's'} from the suppression list: they may be dialled again.
        </p>
      )}
      <ErrorNotice error={list.error} title="The suppression list could not be loaded" />
      {data && nodes.length === 0 && (
        <p className="notice notice-muted" role="status">
          {settled ? `No suppressed number matches “${settled}”.` : 'The suppression list is empty.'}
        </p>
      )}
      {nodes.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="hint" style={{ textAlign: 'left', padding: '0.4rem 0.6rem' }}>
              Suppressed numbers{list.fetching ? ' (refreshing…)' : ''}
            </caption>
            <thead>
              <tr>
                <th className="select">
                  <input
                    type="checkbox"
                    aria-label="Select every number on this page"
                    checked={chosen.length === nodes.length}
                    onChange={(e) => setSelected(e.target.checked ? nodes.map((n) => n.phone) : [])}
                  />
                </th>
                <th scope="col">Phone</th>
                <th scope="col">Reason</th>
                <th scope="col">Added by</th>
                <th scope="col">Added at</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((s) => (
                <tr key={s.phone}>
                  <td className="select">
                    <input
                      type="checkbox"
                      aria-label={`Select ${s.phone}`}
                      checked={chosen.includes(s.phone)}
                      onChange={(e) => setSelected((sel) => (e.target.checked ? [...sel, s.phone] : sel.filter((p) => p !== s.phone)))}
                    />
                  </td>
                  <td>
                    <code>{s.phone}</code>
                  </td>
                  <td>{s.reason ?? <span className="hint">—</span>}</td>
                  <td>{s.addedBy}</td>
                  <td>{formatTime(s.addedAt)}</td>
                  <td>
                    <button type="button" aria-label={`Remove ${s.phone}`} onClick={() => setConfirming([s.phone])}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager label="Suppression list pages" pages={pages} pageSize={PAGE_SIZE} shown={nodes.length} connection={data} />
    </section>
  );
}

function ConfirmRemoval({ phones, busy, onConfirm, onCancel }: { phones: string[]; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  const what = phones.length === 1 ? phones[0] : `${phones.length} numbers`;
  return (
    <div className="notice notice-warning confirm" role="alertdialog" aria-labelledby="confirm-removal-text">
      <p id="confirm-removal-text" style={{ margin: 0 }}>
        Remove {what} from the suppression list? {phones.length === 1 ? 'It' : 'They'} can be dialled again by the next
        launch.
      </p>
      <div className="row">
        <button ref={confirmRef} type="button" className="danger" onClick={onConfirm} disabled={busy}>
          {busy ? 'Removing…' : `Yes, remove ${what}`}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
