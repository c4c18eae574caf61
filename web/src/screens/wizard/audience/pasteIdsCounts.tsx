import type { PastedIds } from './pasteIds';

const n = (v: number) => v.toLocaleString('en-US');
const plural = (v: number, one: string, many: string) => `${n(v)} ${v === 1 ? one : many}`;

/** The local count of what is in the box, before anything is sent. */
export function PastedCounts({ parsed }: { parsed: PastedIds }) {
  return (
    <p className="hint pasted-counts" role="status" aria-live="polite" data-testid="pasted-counts">
      {parsed.pasted === 0
        ? 'Nothing pasted yet.'
        : `${plural(parsed.pasted, 'id', 'ids')} pasted · ${plural(parsed.repeats, 'repeat', 'repeats')} within the paste · ${plural(parsed.ids.length, 'distinct id', 'distinct ids')}`}
    </p>
  );
}

/** The fields of the schema's DirectoryAudience the panels select. */
export interface DirectoryCountsValue {
  pasted: number;
  duplicatesInPaste: number;
  requested: number;
  resolved: number;
  unknown: number;
  unknownIds: string[];
  suppressed: number;
  duplicatePhones: number;
  dialable: number;
  timezoneMissing: number;
}

/**
 * The server's resolution of a pasted-id or segment audience against the contact directory now:
 * what was asked for, what was found, what is not dialled and why, what launch dials.
 */
export function DirectoryCounts({ directory, kind, title }: { directory: DirectoryCountsValue; kind: 'CONTACT_IDS' | 'SEGMENT'; title: string }) {
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
              <strong>{n(value)}</strong> {hint && <span className="hint">{hint}</span>}
            </dd>
          </div>
        ))}
      </dl>
      {kind === 'CONTACT_IDS' && directory.unknownIds.length > 0 && (
        <div className="notice notice-warning">
          <p style={{ margin: 0 }}>
            {directory.unknown > directory.unknownIds.length
              ? `The first ${n(directory.unknownIds.length)} of ${n(directory.unknown)} unknown ids`
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
