import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { Link } from '../../app/router';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount } from '../../components/format';
import { Pager } from '../../components/Pager';
import { useCursorPages, useDebounced } from '../../components/paging';
import { Table } from '../../components/Table';
import { contactName } from './contactText';
import './contacts.css';

const PAGE_SIZE = 50;

const DirectoryQuery = graphql(`
  query ContactsDirectory($first: Int!, $after: String, $search: String) {
    contacts(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        identifier
        firstName
        lastName
        phone
        phoneExtension
        company
        timezone
        suppressed
      }
    }
  }
`);

/** The org's contact directory: every contact of an attached upload, searchable. */
export function ContactsPage() {
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim());
  const pages = useCursorPages(settled);
  const [result] = useQuery({ query: DirectoryQuery, variables: { first: PAGE_SIZE, after: pages.after, search: settled || null } });
  const data = result.data?.contacts;
  const nodes = data?.nodes ?? [];

  return (
    <Page title="Contacts">
      <p className="hint">
        Every dialable contact of an attached upload, one per identifier (the latest upload wins). Use them as an audience by
        pasting their ids or through a segment.
      </p>
      <div className="list-toolbar">
        <label htmlFor="contacts-search">Search contacts</label>
        <input
          id="contacts-search"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          aria-describedby="contacts-search-hint"
        />
        <span id="contacts-search-hint" className="hint" style={{ display: 'block' }}>
          Matches identifier, phone, names, company, e-mail and CRM id.
        </span>
      </div>
      <ErrorNotice error={result.error} title="The directory could not be loaded" />
      {data && (
        <p role="status" className="hint">
          {formatCount(data.totalCount)} contact{data.totalCount === 1 ? '' : 's'}
          {settled ? ` matching “${settled}”` : ' in the directory'}
          {result.fetching ? ' (refreshing…)' : ''}
        </p>
      )}
      {data && nodes.length === 0 && (
        <p className="notice notice-muted">
          {settled
            ? 'No contact matches this search.'
            : 'The directory is empty: contacts arrive when a campaign draft with an upload is saved.'}
        </p>
      )}
      {nodes.length > 0 && (
        <Table columns={['Identifier', 'Name', 'Phone', 'Company', 'Time zone', 'Suppressed']}>
          {nodes.map((c) => (
            <tr key={c.identifier}>
              <td className="wrap-anywhere">
                <Link to={`/contacts/${encodeURIComponent(c.identifier)}`}>{c.identifier}</Link>
              </td>
              <td>{contactName(c) || <span className="hint">—</span>}</td>
              <td style={{ whiteSpace: 'nowrap' }}>
                {c.phone}
                {c.phoneExtension ? ` x${c.phoneExtension}` : ''}
              </td>
              <td>{c.company ?? <span className="hint">—</span>}</td>
              <td>{c.timezone ?? <span className="hint">missing</span>}</td>
              <td>{c.suppressed ? <span className="chip chip-bad">Suppressed</span> : 'No'}</td>
            </tr>
          ))}
        </Table>
      )}
      <Pager label="Contact pages" pages={pages} pageSize={PAGE_SIZE} shown={nodes.length} connection={data} />
    </Page>
  );
}
