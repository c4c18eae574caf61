/** What a step's form says next to its Save button: saved, unsaved changes, or never saved. */
export function saveStatus(what: string, { saved, dirty, stored }: { saved: boolean; dirty: boolean; stored: boolean }): string {
  if (saved && !dirty) return `${what} saved.`;
  if (stored && dirty) return 'Unsaved changes.';
  if (!stored) return 'Not saved yet.';
  return '';
}
