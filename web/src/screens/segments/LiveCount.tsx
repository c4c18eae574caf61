import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount } from '../../components/format';
import { matchSentence } from './segmentConditions';
import type { LivePreview } from './useLivePreview';

const SavedCountQuery = graphql(`
  query SegmentBuilderSavedCount($id: ID!) {
    segment(id: $id) {
      id
      version
      count
    }
  }
`);

interface Shown {
  headline: string;
  missing: string[];
  /** A count (the big figure), not a sentence about why there is none. */
  counted?: boolean;
}

function headlineClass(shown: Shown, incomplete: boolean, updating: boolean): string {
  if (incomplete) return 'live-missing-title';
  return `${shown.counted ? 'live-figure' : 'live-refused'}${updating ? ' updating' : ''}`;
}

const nothing: Shown = { headline: '', missing: [] };

/** What the live region reads now, or null while a count is on its way (keep reading the last one). */
function shownNow(live: LivePreview): Shown | null {
  if (!live.request.ready) return { headline: 'Not counted yet. Still missing:', missing: live.request.missing };
  if (!live.current) return null;
  if (live.error) return { headline: 'Not counted: the server refused these conditions.', missing: [] };
  if (live.preview) return { headline: matchSentence(live.preview.count, formatCount(live.preview.count)), missing: [], counted: true };
  return null;
}

/**
 * The builder's main figure: how many contacts the conditions on screen match, updated as they are
 * edited and announced politely; what is missing while they are incomplete; the saved segment's count.
 */
export function LiveCount({ live, savedId, dirty }: { live: LivePreview; savedId: string | null; dirty: boolean }) {
  const now = shownNow(live);
  const [shown, setShown] = useState<Shown>(now ?? nothing);
  // While a count is on its way the last figure stays (dimmed); a "still missing" list does not.
  const next = now ?? (shown.missing.length > 0 ? nothing : null);
  if (next && (next.headline !== shown.headline || next.missing.join('\n') !== shown.missing.join('\n'))) setShown(next);
  const incomplete = !live.request.ready;
  return (
    <div className="live-count" aria-busy={live.updating}>
      <div role="status" aria-live="polite" aria-atomic="true" aria-label="Live member count" className={incomplete ? 'notice notice-info' : undefined}>
        {shown.headline && <p className={headlineClass(shown, incomplete, live.updating)}>{shown.headline}</p>}
        {shown.missing.length > 0 && (
          <ul aria-label="Missing to count">
            {shown.missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
      </div>
      <p className="hint live-meta">
        {live.updating && <span>Counting…</span>}
        {savedId && <SavedCount id={savedId} dirty={dirty} />}
      </p>
      <ErrorNotice error={live.error} title="The server cannot count these conditions" />
    </div>
  );
}

function SavedCount({ id, dirty }: { id: string; dirty: boolean }) {
  const [result] = useQuery({ query: SavedCountQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const count = result.data?.segment?.count;
  if (count === undefined) return null;
  return (
    <span>
      Saved: {formatCount(count)} {count === 1 ? 'member' : 'members'}
      {dirty ? ' (the saved conditions; yours are not saved yet)' : ''}
    </span>
  );
}
