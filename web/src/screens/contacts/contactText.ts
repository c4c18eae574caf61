/** "Ada Lovelace", or whichever half is known, or "". */
export function contactName(c: { firstName?: string | null; lastName?: string | null }): string {
  return [c.firstName, c.lastName]
    .map((s) => s?.trim())
    .filter(Boolean)
    .join(' ');
}

/** Custom attributes (a JSON object of key -> value) as sorted [key, text] pairs; anything else as one pair. */
export function customAttributes(custom: unknown): [string, string][] {
  if (custom == null) return [];
  if (typeof custom !== 'object' || Array.isArray(custom)) return [['value', JSON.stringify(custom)]];
  return Object.entries(custom as Record<string, unknown>)
    .map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])
    .sort(([a], [b]) => a.localeCompare(b));
}
