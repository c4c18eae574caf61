import { useEffect } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { Link } from '../../app/router';
import { hasRole, useViewer } from '../../app/session';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/ErrorNotice';
import { StatusChip } from '../../components/StatusChip';
import { formatBytes, formatCount, formatTime } from '../../components/format';
import { Table } from '../../components/Table';
import { GrainStateViewer } from './GrainStateViewer';
import { uploadProgressText } from './opsText';
import './ops.css';

const OpsQuery = graphql(`
  query OpsOverview {
    ops {
      silos {
        address
        status
        activations
      }
      activeUploads {
        id
        campaignId
        fileName
        sizeBytes
        status
        receivedAt
        progress {
          rowsRead
          rowsValidated
          chunksTotal
          chunksDone
        }
      }
    }
  }
`);

const REFRESH_MS = 5000;

/** What runs where: silos, uploads still in flight, and any grain's stored state. OPS only. */
export function OpsPage() {
  const viewer = useViewer();
  if (!hasRole(viewer, 'OPS')) {
    return (
      <Page title="Ops">
        <p className="notice notice-info" role="status">
          Ops (silos, running uploads, grain state and the Orleans dashboard) is for the OPS role. You are signed in as{' '}
          {viewer.userId} with {viewer.roles.join(', ') || 'no role'}, so you cannot see it.
        </p>
      </Page>
    );
  }
  return <OpsScreen />;
}

function OpsScreen() {
  const [result, refresh] = useQuery({ query: OpsQuery });
  // Silos and uploads change on their own: ask again every few seconds while the page is open.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refresh({ requestPolicy: 'network-only' });
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  const ops = result.data?.ops;

  return (
    <Page
      title="Ops"
      actions={
        <a href="/dashboard/" target="_blank" rel="noopener noreferrer" aria-describedby="dashboard-hint">
          Open the Orleans dashboard<span aria-hidden="true"> ↗</span>
          <span className="visually-hidden"> (opens in a new tab)</span>
        </a>
      }
    >
      <p id="dashboard-hint" className="hint">
        The Orleans dashboard opens in a new tab and asks you to sign in: any user name, and your OPS API key as the password.
        It shows every grain of the cluster.
      </p>
      <ErrorNotice error={result.error} title="Ops could not be loaded" />
      <div className="grid-2">
        <section className="card" aria-labelledby="silos-title">
          <h2 id="silos-title">Silos{ops ? ` (${ops.silos.length})` : ''}</h2>
          {ops && ops.silos.length === 0 && <p className="notice notice-error">No silo is active: nothing is validated or launched.</p>}
          {ops && ops.silos.length > 0 && (
            <Table columns={['Address', 'Status', { label: 'Activations', numeric: true }]}>
              {ops.silos.map((s) => (
                <tr key={s.address}>
                  <td className="wrap-anywhere">
                    <code>{s.address}</code>
                  </td>
                  <td>
                    <span className={`chip ${s.status === 'ACTIVE' ? 'chip-good' : 'chip-attention'}`}>{s.status}</span>
                  </td>
                  <td className="num">{formatCount(s.activations)}</td>
                </tr>
              ))}
            </Table>
          )}
        </section>
        <GrainStateViewer />
      </div>

      <section className="card" aria-labelledby="active-uploads-title">
        <h2 id="active-uploads-title">Active uploads{ops ? ` (${ops.activeUploads.length})` : ''}</h2>
        <p className="hint">Uploads of your organisation still receiving, mapping or validating. Refreshed every few seconds.</p>
        {ops && ops.activeUploads.length === 0 && <p className="notice notice-muted">No upload is running now.</p>}
        {ops && ops.activeUploads.length > 0 && (
          <Table columns={['File', 'Campaign', 'Status', 'Progress', 'Received']}>
            {ops.activeUploads.map((u) => (
              <tr key={u.id}>
                <td className="wrap-anywhere">
                  {u.fileName}
                  <br />
                  <span className="hint">
                    {u.id} · {formatBytes(u.sizeBytes)}
                  </span>
                </td>
                <td>
                  <Link to={`/campaigns/${encodeURIComponent(u.campaignId)}`}>{u.campaignId}</Link>
                </td>
                <td>
                  <StatusChip status={u.status} />
                </td>
                <td className="progress-cell">
                  {u.progress.chunksTotal > 0 && (
                    <progress
                      max={u.progress.chunksTotal}
                      value={u.progress.chunksDone}
                      aria-label={`Chunks validated of ${u.fileName}`}
                    />
                  )}
                  <span className="hint">{uploadProgressText(u.status, u.progress)}</span>
                </td>
                <td>{formatTime(u.receivedAt)}</td>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </Page>
  );
}
