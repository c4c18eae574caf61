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
