/** What the server does with pasted ids (ContactIdList.Parse), computed locally while the person pastes. */
export interface PastedIds {
  /** Distinct ids in paste order (first occurrence kept). */
  ids: string[];
  /** Every non-blank id in the paste, repeats included. */
  pasted: number;
  /** Ids that repeated an earlier one in the paste. */
  repeats: number;
  /** Pieces longer than MAX_ID_LENGTH (the server refuses the paste); the first 20, shortened. */
  tooLong: string[];
}

export const MAX_IDS = 100_000;
export const MAX_ID_LENGTH = 200;

// The server's separators: line breaks, commas, semicolons, tabs, spaces (no-break too), form and line feeds.
const separators = /[\r\n,;\t \u00A0\f\v]+/;

/**
 * Splits pasted text into contact ids: one per line, or separated by commas, semicolons, tabs or spaces,
 * mixed freely; blanks and surrounding quotes are dropped. Ids compare exactly (case matters: CRM ids do).
 */
export function parsePastedIds(text: string): PastedIds {
  const ids: string[] = [];
  const seen = new Set<string>();
  const tooLong: string[] = [];
  let pasted = 0;
  let repeats = 0;
  for (const raw of text.split(separators)) {
    const id = raw.trim().replace(/^["']+|["']+$/g, '').trim();
    if (id.length === 0) continue;
    pasted++;
    if (id.length > MAX_ID_LENGTH) {
      if (tooLong.length < 20) tooLong.push(`${id.slice(0, 40)}…`);
      continue;
    }
    if (seen.has(id)) repeats++;
    else {
      seen.add(id);
      ids.push(id);
    }
  }
  return { ids, pasted, repeats, tooLong };
}

/** Why the paste cannot be used as it is, or null when it can. */
export function pasteProblem(p: PastedIds): string | null {
  if (p.tooLong.length > 0)
    return `${p.tooLong.length} id${p.tooLong.length === 1 ? ' is' : 's are'} longer than ${MAX_ID_LENGTH} characters (is a whole line pasted as one id?): ${p.tooLong.slice(0, 3).join(', ')}`;
  if (p.ids.length === 0) return 'Paste at least one contact id.';
  if (p.ids.length > MAX_IDS)
    return `${p.ids.length.toLocaleString('en-US')} distinct ids pasted; an audience of pasted ids holds at most ${MAX_IDS.toLocaleString('en-US')}. Use a segment or a CSV for more.`;
  return null;
}
