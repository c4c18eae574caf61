import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { SegmentBuilderSegmentQuery } from '../../gql/graphql';
import { Link, useRouter } from '../../app/router';
import { hasRole, useViewer } from '../../app/session';
import { DisabledReason, NotFound, Page } from '../../components/Page';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatTime } from '../../components/format';
import { ConditionEditor } from './ConditionEditor';
import { LiveCount } from './LiveCount';
import { SegmentMembers } from './SegmentMembers';
import { useLivePreview } from './useLivePreview';
import { conditionsInput, emptyCondition, rowsFromConditions, sameConditions, type ConditionRow } from './segmentConditions';
import './segments.css';

const SegmentQuery = graphql(`
  query SegmentBuilderSegment($id: ID!) {
    segment(id: $id) {
      id
      name
      conditions {
        field
        operator
        key
        values
      }
      createdBy
      createdAt
      updatedAt
      deletedAt
      version
    }
  }
`);

const CreateMutation = graphql(`
  mutation SegmentBuilderCreate($input: SegmentInput!) {
    createSegment(input: $input) {
      id
      version
    }
  }
`);

const UpdateMutation = graphql(`
  mutation SegmentBuilderUpdate($id: ID!, $input: SegmentUpdateInput!, $expectedVersion: Int) {
    updateSegment(id: $id, input: $input, expectedVersion: $expectedVersion) {
      id
      name
      version
      updatedAt
      conditions {
        field
        operator
        key
        values
      }
    }
  }
`);

const DeleteMutation = graphql(`
  mutation SegmentBuilderDelete($id: ID!) {
    deleteSegment(id: $id) {
      id
      deletedAt
    }
  }
`);

type SavedSegment = NonNullable<SegmentBuilderSegmentQuery['segment']>;

/** /segments/new builds a segment; /segments/:id shows one, its members, and edits it. */
export function SegmentPage({ segmentId }: { segmentId: string }) {
  if (segmentId === 'new') return <SegmentBuilder saved={null} />;
  return <ExistingSegment id={segmentId} />;
}

function ExistingSegment({ id }: { id: string }) {
  const [result] = useQuery({ query: SegmentQuery, variables: { id } });
  if (result.error && !result.data) {
    return (
      <Page title="Segment">
        <ErrorNotice error={result.error} title="The segment could not be loaded" />
      </Page>
    );
  }
  if (!result.data) {
    return (
      <Page title="Segment">
        <p aria-busy="true">Loading…</p>
      </Page>
    );
  }
  if (!result.data.segment) return <NotFound what={`Segment ${id}`} />;
  return <SegmentBuilder saved={result.data.segment} />;
}

function SegmentBuilder({ saved }: { saved: SavedSegment | null }) {
  const viewer = useViewer();
  const { navigate } = useRouter();
  const [name, setName] = useState(saved?.name ?? '');
  const [rows, setRows] = useState<ConditionRow[]>(() => (saved ? rowsFromConditions(saved.conditions) : [emptyCondition()]));
  const [problems, setProblems] = useState<string[]>([]);
  const [savedNotice, setSavedNotice] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [created, create] = useMutation(CreateMutation);
  const [updated, update] = useMutation(UpdateMutation);
  const [deleted, remove] = useMutation(DeleteMutation);
  const live = useLivePreview(rows);

  const canEdit = hasRole(viewer, 'SALES_OPS');
  const isDeleted = Boolean(saved?.deletedAt);
  const locked = !canEdit || isDeleted;
  const lockedReason = !canEdit
    ? 'Segments are built and changed by the SALES_OPS role; you can look at this one.'
    : 'This segment was deleted: it can no longer be changed.';
  const dirty = saved ? name.trim() !== saved.name || !sameConditions(rows, saved.conditions) : true;
  const saving = created.fetching || updated.fetching;
  const saveError = saved ? updated.error : created.error;

  async function save(e: FormEvent) {
    e.preventDefault();
    setSavedNotice(false);
    const { conditions, problems } = conditionsInput(rows);
    const all = name.trim() ? problems : ['Give the segment a name.', ...problems];
    setProblems(all);
    if (all.length > 0) return;
    if (!saved) {
      const answer = await create({ input: { name: name.trim(), conditions } });
      const id = answer.data?.createSegment.id;
      if (id) navigate(`/segments/${encodeURIComponent(id)}`, { replace: true });
    } else {
      const answer = await update({ id: saved.id, input: { name: name.trim(), conditions }, expectedVersion: saved.version });
      if (answer.data) setSavedNotice(true);
    }
  }

  async function confirmDelete() {
    if (!saved) return;
    const answer = await remove({ id: saved.id });
    if (answer.data) navigate('/segments');
    else setConfirmingDelete(false);
  }

  return (
    <Page title={saved ? `Segment: ${saved.name}` : 'New segment'} actions={<Link to="/segments">All segments</Link>}>
      {isDeleted && (
        <p className="notice notice-warning" role="status">
          Deleted {formatTime(saved?.deletedAt)}. Drafts bound to it are no longer ready; launched campaigns keep the contacts they
          froze.
        </p>
      )}
      <form className="card" onSubmit={save} aria-labelledby="segment-form-title" noValidate>
        <h2 id="segment-form-title">{saved ? 'Conditions' : 'Build a segment'}</h2>
        {saved && (
          <p className="hint">
            Created by {saved.createdBy} on {formatTime(saved.createdAt)} · version {saved.version} · updated {formatTime(saved.updatedAt)}
          </p>
        )}
        {locked && <DisabledReason id="segment-locked-why">{lockedReason}</DisabledReason>}
        <fieldset disabled={locked} aria-describedby={locked ? 'segment-locked-why' : undefined} style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend className="visually-hidden">Segment</legend>
          <div className="segment-name">
            <label htmlFor="segment-name">Name</label>
            <input id="segment-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. West, consented" />
          </div>
          <p className="hint" style={{ margin: '0.8rem 0 0' }}>
            A contact is a member when it matches every condition.
          </p>
          {rows.map((row, i) => (
            <ConditionEditor
              key={i}
              index={i}
              row={row}
              canRemove={rows.length > 1}
              onChange={(next) => setRows((rs) => rs.map((r, j) => (j === i ? next : r)))}
              onRemove={() => setRows((rs) => rs.filter((_, j) => j !== i))}
            />
          ))}
          <button type="button" onClick={() => setRows((rs) => [...rs, emptyCondition()])}>
            Add condition
          </button>
        </fieldset>
        <LiveCount live={live} savedId={saved?.id ?? null} dirty={dirty} />
        {problems.length > 0 && (
          <div className="notice notice-error" role="alert">
            <strong>Not saved yet</strong>
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        <ErrorNotice error={saveError} title="The segment was not saved" />
        {savedNotice && !dirty && !saveError && (
          <p className="notice notice-good" role="status">
            Saved: version {saved?.version}.
          </p>
        )}
        <div className="row builder-actions">
          <button type="submit" className="primary" disabled={locked || saving} aria-describedby={locked ? 'segment-locked-why' : undefined}>
            {saving ? 'Saving…' : saved ? 'Save changes' : 'Save segment'}
          </button>
          {saved && !isDeleted && (
            <button
              type="button"
              className="danger"
              disabled={!canEdit}
              aria-describedby={!canEdit ? 'segment-locked-why' : undefined}
              onClick={() => setConfirmingDelete(true)}
            >
              Delete segment
            </button>
          )}
        </div>
        {confirmingDelete && saved && (
          <ConfirmDelete name={saved.name} busy={deleted.fetching} onConfirm={confirmDelete} onCancel={() => setConfirmingDelete(false)} />
        )}
        <ErrorNotice error={deleted.error} title="The segment was not deleted" />
      </form>
      <SegmentMembers live={live} />
    </Page>
  );
}

function ConfirmDelete({ name, busy, onConfirm, onCancel }: { name: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="notice notice-warning confirm" role="alertdialog" aria-labelledby="confirm-delete-text">
      <p id="confirm-delete-text" style={{ margin: 0 }}>
        Delete the segment “{name}”? Drafts using it will no longer be ready to launch.
      </p>
      <div className="row">
        <button ref={ref} type="button" className="danger" onClick={onConfirm} disabled={busy}>
          {busy ? 'Deleting…' : 'Yes, delete it'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
