/**
 * The numbers typed or pasted into "Phone numbers to suppress": one per line or comma-separated
 * (semicolons too), trimmed, blanks dropped, each kept once in the order given. The server decides
 * which are dialable numbers.
 */
export function parsePhoneList(text: string): string[] {
  const seen = new Set<string>();
  const phones: string[] = [];
  for (const piece of text.split(/[\r\n,;]+/)) {
    const phone = piece.trim();
    if (phone && !seen.has(phone)) {
      seen.add(phone);
      phones.push(phone);
    }
  }
  return phones;
}

/**
 * What to search the list for: numbers are stored as E.164 (+14155550100), so a search with digits
 * keeps only its digits and plus ("415-555 0100" finds +14155550100); other text is sent as typed.
 */
export function suppressionSearch(text: string): string {
  const trimmed = text.trim();
  return /\d/.test(trimmed) ? trimmed.replace(/[^\d+]/g, '') : trimmed;
}
