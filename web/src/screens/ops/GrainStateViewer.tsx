import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { GrainKind } from '../../gql/graphql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatGrainState, grainKeyHints } from './opsText';

const GrainStateQuery = graphql(`
  query OpsGrainState($kind: GrainKind!, $key: String!) {
    ops {
      grainState(kind: $kind, key: $key)
    }
  }
`);

const kinds: GrainKind[] = ['CAMPAIGN', 'UPLOAD', 'CONTACT_CHUNK', 'SUPPRESSION', 'SEGMENT'];

/** Any grain's persisted state, exactly as stored, as indented JSON. */
export function GrainStateViewer() {
  const [kind, setKind] = useState<GrainKind>('CAMPAIGN');
  const [key, setKey] = useState('');
  const [asked, setAsked] = useState<{ kind: GrainKind; key: string } | null>(null);
  const [result, reexecute] = useQuery({
    query: GrainStateQuery,
    variables: asked ?? { kind: 'CAMPAIGN', key: '' },
    pause: !asked,
    requestPolicy: 'network-only',
  });
  const keyNeeded = kind !== 'SUPPRESSION' && key.trim() === '';

  function show(e: FormEvent) {
    e.preventDefault();
    if (keyNeeded) return;
    const next = { kind, key: key.trim() };
    if (asked && asked.kind === next.kind && asked.key === next.key) reexecute({ requestPolicy: 'network-only' });
    else setAsked(next);
  }

  const state = asked && !result.fetching ? result.data?.ops.grainState : undefined;
  return (
    <section className="card grain-viewer" aria-labelledby="grain-state-title">
      <h2 id="grain-state-title">Grain state</h2>
      <form className="grain-form" onSubmit={show}>
        <div>
          <label htmlFor="grain-kind">Grain kind</label>
          <select id="grain-kind" value={kind} onChange={(e) => setKind(e.target.value as GrainKind)}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="grain-key">Grain key</label>
          <input
            id="grain-key"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            aria-describedby="grain-key-hint"
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={keyNeeded} aria-describedby="grain-key-hint">
            Show state
          </button>
        </div>
      </form>
      <p id="grain-key-hint" className="hint">
        {grainKeyHints[kind]}
      </p>
      {asked && result.fetching && <p aria-busy="true">Loading the state of {describe(asked)}…</p>}
      {asked && !result.fetching && <ErrorNotice error={result.error} title={`No state for ${describe(asked)}`} />}
      {asked && !result.fetching && !result.error && result.data && state == null && (
        <p className="notice notice-muted" role="status">
          Nothing is stored for {describe(asked)}.
        </p>
      )}
      {state != null && asked && (
        <>
          <h3 id="grain-state-shown">State of {describe(asked)}</h3>
          <pre className="grain-state" tabIndex={0} role="region" aria-labelledby="grain-state-shown">
            {formatGrainState(state)}
          </pre>
        </>
      )}
    </section>
  );
}

function describe(asked: { kind: GrainKind; key: string }): string {
  return asked.key ? `${asked.kind} ${asked.key}` : asked.kind;
}
