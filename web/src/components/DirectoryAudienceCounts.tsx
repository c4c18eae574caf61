import { graphql } from '../gql';
import type { DirectoryAudienceCountsFragment } from '../gql/graphql';
import { formatCount } from './format';
import './DirectoryAudienceCounts.css';

/** The fields of the schema's DirectoryAudience every directory-audience display selects. */
export const DirectoryAudienceCountsFields = graphql(`
  fragment DirectoryAudienceCounts on DirectoryAudience {
    pasted
    duplicatesInPaste
    requested
    resolved
    unknown
    unknownIds
    suppressed
    duplicatePhones
    dialable
    timezoneMissing
  }
`);

export type DirectoryAudienceCountsValue = DirectoryAudienceCountsFragment;

/**
 * The server's resolution of a pasted-id or segment audience against the contact directory now:
 * what was asked for, what was found, what is not dialled and why, what launch dials.
 */
export function DirectoryAudienceCounts({
  directory,
  kind,
  title,
}: {
  directory: DirectoryAudienceCountsValue;
  kind: 'CONTACT_IDS' | 'SEGMENT';
  title: string;
}) {
  const rows: [string, number, string?][] =
    kind === 'CONTACT_IDS'
      ? [
          ['Pasted', directory.pasted, 'ids in the paste, repeats included'],
          ['Repeats', directory.duplicatesInPaste, 'repeated an earlier id: dropped'],
          ['Resolved', directory.resolved, 'found in the contact directory'],
          ['Unknown', directory.unknown, 'not in the directory'],
        ]
      : [['Members', directory.requested, 'contacts matching the segment']];
  rows.push(
    ['Suppressed', directory.suppressed, 'on the suppression list: never dialled'],
    ['Duplicate phones', directory.duplicatePhones, 'share a phone with an earlier contact: each phone is dialled once'],
    ['Dialable', directory.dialable, 'dial tasks launch would create'],
  );
  if (directory.timezoneMissing > 0) rows.push(['No time zone', directory.timezoneMissing, 'dialable, but a contact-local schedule cannot call them']);
  return (
    <section className="directory-counts" aria-label={title}>
      <h4>{title}</h4>
      <dl className="facts">
        {rows.map(([label, value, hint]) => (
          <div key={label} style={{ display: 'contents' }}>
            <dt>{label}</dt>
            <dd>
              <strong>{formatCount(value)}</strong> {hint && <span className="hint">{hint}</span>}
            </dd>
          </div>
        ))}
      </dl>
      {kind === 'CONTACT_IDS' && directory.unknownIds.length > 0 && (
        <div className="notice notice-warning">
          <p style={{ margin: 0 }}>
            {directory.unknown > directory.unknownIds.length
              ? `The first ${formatCount(directory.unknownIds.length)} of ${formatCount(directory.unknown)} unknown ids`
              : `Unknown ${directory.unknownIds.length === 1 ? 'id' : 'ids'}`}{' '}
            (not in the directory: upload and save {directory.unknown === 1 ? 'it' : 'them'} in a draft first, or check the spelling; case matters):
          </p>
          <ul className="unknown-ids" aria-label="Unknown ids">
            {directory.unknownIds.map((id) => (
              <li key={id}>
                <code>{id}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
