import { useState } from 'react';
import { hasRole, useViewer } from '../../app/session';
import { Page } from '../../components/Page';
import { AddSuppressions } from './AddSuppressions';
import { SuppressionList } from './SuppressionList';
import './compliance.css';

/** The org's suppression (do-not-call) list: search it, add numbers, remove numbers. COMPLIANCE only. */
export function CompliancePage() {
  const viewer = useViewer();
  if (!hasRole(viewer, 'COMPLIANCE')) {
    return (
      <Page title="Compliance">
        <p className="notice notice-info" role="status">
          The suppression list is managed by the COMPLIANCE role. You are signed in as {viewer.userId} with{' '}
          {viewer.roles.join(', ') || 'no role'}, so you cannot see or change it: ask a compliance officer.
        </p>
      </Page>
    );
  }
  return <SuppressionScreen />;
}

function SuppressionScreen() {
  // The list version is answered by each change (the schema has no query for it).
  const [version, setVersion] = useState<number | null>(null);
  return (
    <Page title="Compliance">
      <p className="hint">
        Numbers on the suppression list are never dialled: uploads exclude them, and drafts are checked again at save and
        at launch.
      </p>
      {version != null && (
        <p className="notice notice-muted" role="status">
          Suppression list version {version} (after your last change).
        </p>
      )}
      <AddSuppressions onChanged={setVersion} />
      <SuppressionList onChanged={setVersion} />
    </Page>
  );
}
