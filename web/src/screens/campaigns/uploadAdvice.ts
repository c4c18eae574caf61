/** What a person can do about an upload's error code, in plain words. */
const advice: Record<string, string> = {
  UNSUPPORTED_FILE: 'Export the list as CSV (comma, semicolon, tab or pipe separated) with a header row, then upload it again.',
  MALFORMED_CSV: 'The file could not be read as CSV: check quotes and line breaks (open and re-save it from a spreadsheet), then upload it again.',
  UPLOAD_TOO_LARGE: 'Split the file into smaller files, or remove columns you do not need, then upload again.',
  RATE_LIMITED: 'Too many uploads are running at once: wait for one to finish, then upload again.',
  INVALID_INPUT: 'Check the mapping and options, then confirm the mapping again.',
  INTERNAL: 'Something failed on our side: upload the file again in a few minutes.',
  NOT_READY: 'The upload is not ready yet: wait for it to finish.',
};

export function uploadAdvice(code: string | null | undefined): string | null {
  if (!code) return null;
  return advice[code] ?? 'Upload the file again; if it fails the same way, contact support with the code.';
}

/** The upload's lifecycle, in order, with the time each stage was reached. */
export const UPLOAD_TIMES = [
  ['receivedAt', 'Received'],
  ['mappedAt', 'Mapped'],
  ['stagedAt', 'Staged'],
  ['attachedAt', 'Attached'],
  ['inDirectoryAt', 'In contact directory'],
  ['consumedAt', 'Consumed'],
] as const;
