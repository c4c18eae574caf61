import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { Link } from '../../app/router';
import { Page } from '../../components/Page';
import { PageLoading } from '../../components/PageLoading';
import { StatusChip } from '../../components/StatusChip';
import { formatTime } from '../../components/format';
import { Table } from '../../components/Table';
import { contactName, customAttributes } from './contactText';
import './contacts.css';

const ContactQuery = graphql(`
  query ContactDetail($identifier: ID!) {
    contact(identifier: $identifier) {
      identifier
      phone
      phoneExtension
      timezone
      firstName
      lastName
      email
      company
      crmId
      consent
      postalCode
      country
      custom
      suppressed
      firstSeenAt
      updatedAt
      lastUploadId
      uploads {
        uploadId
        campaignId
        fileName
        status
        seenAt
      }
      campaigns {
        campaignId
        name
        status
        dialled
      }
    }
  }
`);

/** One directory contact: every field, its custom attributes, the uploads that carried it and its campaigns. */
export function ContactPage({ identifier }: { identifier: string }) {
  const [result] = useQuery({ query: ContactQuery, variables: { identifier } });
  const c = result.data?.contact;
  if (!c) {
    return (
      <PageLoading
        title={`Contact ${identifier}`}
        error={result.data ? undefined : result.error}
        errorTitle="The contact could not be loaded"
        missing={Boolean(result.data)}
        what={`Contact ${identifier}`}
      />
    );
  }
  const name = contactName(c);
  const custom = customAttributes(c.custom);
  const dash = <span className="hint">—</span>;

  return (
    <Page title={`Contact ${c.identifier}`} actions={<Link to="/contacts">All contacts</Link>}>
      {c.suppressed && (
        <p className="notice notice-warning" role="status">
          This contact’s phone is on the suppression list: it is shown, but never dialled.
        </p>
      )}
      <div className="grid-2">
        <section className="card" aria-labelledby="contact-fields-title">
          <h2 id="contact-fields-title">Contact</h2>
          <dl className="facts">
            <dt>Identifier</dt>
            <dd>{c.identifier}</dd>
            <dt>Name</dt>
            <dd>{name || dash}</dd>
            <dt>Phone</dt>
            <dd>
              {c.phone}
              {c.phoneExtension ? ` extension ${c.phoneExtension}` : ''}
            </dd>
            <dt>Suppressed</dt>
            <dd>{c.suppressed ? <span className="chip chip-bad">Suppressed</span> : 'No'}</dd>
            <dt>Time zone</dt>
            <dd>{c.timezone ?? <span className="hint">missing</span>}</dd>
            <dt>E-mail</dt>
            <dd>{c.email ?? dash}</dd>
            <dt>Company</dt>
            <dd>{c.company ?? dash}</dd>
            <dt>CRM id</dt>
            <dd>{c.crmId ?? dash}</dd>
            <dt>Consent</dt>
            <dd>{c.consent}</dd>
            <dt>Postal code</dt>
            <dd>{c.postalCode ?? dash}</dd>
            <dt>Country</dt>
            <dd>{c.country ?? dash}</dd>
            <dt>First seen</dt>
            <dd>{formatTime(c.firstSeenAt)}</dd>
            <dt>Updated</dt>
            <dd>{formatTime(c.updatedAt)}</dd>
            <dt>Latest upload</dt>
            <dd>
              <code>{c.lastUploadId}</code>
            </dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="contact-custom-title">
          <h2 id="contact-custom-title">Custom attributes</h2>
          {custom.length === 0 ? (
            <p className="hint">No custom attributes: the upload mapped no column as CUSTOM.</p>
          ) : (
            <dl className="facts contact-custom">
              {custom.map(([k, v]) => (
                <div key={k} style={{ display: 'contents' }}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="contact-uploads-title">
        <h2 id="contact-uploads-title">Uploads that carried this contact</h2>
        {c.uploads.length === 0 ? (
          <p className="hint">None.</p>
        ) : (
          <Table columns={['File', 'Campaign', 'Status', 'Seen']}>
            {c.uploads.map((u) => (
              <tr key={u.uploadId}>
                <td className="wrap-anywhere">
                  {u.fileName} <span className="hint">({u.uploadId})</span>
                </td>
                <td>
                  <Link to={`/campaigns/${encodeURIComponent(u.campaignId)}`}>{u.campaignId}</Link>
                </td>
                <td>
                  <StatusChip status={u.status} />
                </td>
                <td>{formatTime(u.seenAt)}</td>
              </tr>
            ))}
          </Table>
        )}
      </section>

      <section className="card" aria-labelledby="contact-campaigns-title">
        <h2 id="contact-campaigns-title">Campaigns</h2>
        {c.campaigns.length === 0 ? (
          <p className="hint">This contact is in no campaign.</p>
        ) : (
          <Table columns={['Campaign', 'Status', 'Dialled']}>
            {c.campaigns.map((k) => (
              <tr key={k.campaignId}>
                <td className="wrap-anywhere">
                  <Link to={`/campaigns/${encodeURIComponent(k.campaignId)}`}>{k.name}</Link>
                </td>
                <td>
                  <StatusChip status={k.status} />
                </td>
                <td>{k.dialled ? 'Yes: a dial task was created' : 'No'}</td>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </Page>
  );
}
