interface Progress {
  rowsRead: number;
  rowsValidated: number;
  chunksTotal: number;
  chunksDone: number;
}

const n = (v: number) => v.toLocaleString('en-US');

/** What an upload in flight is doing, in words: "12,000 of 50,000 rows validated · chunk 1 of 2". */
export function uploadProgressText(status: string, p: Progress): string {
  if (status === 'RECEIVING') return `${n(p.rowsRead)} rows received so far`;
  if (status === 'MAPPING') return `Waiting for the mapping to be confirmed (${n(p.rowsRead)} rows read)`;
  const rows = p.rowsRead > 0 ? `${n(p.rowsValidated)} of ${n(p.rowsRead)} rows validated` : `${n(p.rowsValidated)} rows validated`;
  return p.chunksTotal > 0 ? `${rows} · ${n(p.chunksDone)} of ${n(p.chunksTotal)} chunks done` : rows;
}

/** A grain's stored state as indented JSON (the server answers it as a JSON value, or a JSON string). */
export function formatGrainState(state: unknown): string {
  if (typeof state === 'string') {
    try {
      return JSON.stringify(JSON.parse(state), null, 2);
    } catch {
      return state;
    }
  }
  return JSON.stringify(state, null, 2);
}

/** Which key a grain kind takes, as the person should type it. */
export const grainKeyHints: Record<string, string> = {
  CAMPAIGN: 'A campaign id: cmp_…',
  UPLOAD: 'An upload id: upl_…',
  CONTACT_CHUNK: 'An upload id and chunk number: upl_…/0',
  SUPPRESSION: 'Leave empty: your organisation’s list',
  SEGMENT: 'A segment id: seg_…',
};
