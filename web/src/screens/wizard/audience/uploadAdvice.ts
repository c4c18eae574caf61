/** What a person should do about an upload error code: one sentence beside the server's own message. */
const advice: Record<string, string> = {
  UNSUPPORTED_FILE: 'Export the sheet as CSV (File > Save as > CSV UTF-8) and upload that.',
  UPLOAD_TOO_LARGE: 'Split the file into smaller CSV files (for example by region) and upload them into separate drafts.',
  RATE_LIMITED: 'Other uploads of your organisation are still running: wait a minute, then upload the file again.',
  MALFORMED_CSV: 'Open the file in a spreadsheet, check the line the message names (quotes, line breaks), save it as CSV UTF-8 and upload it again.',
  INVALID_INPUT: 'Check the options chosen for the file (encoding, delimiter, default region) and upload it again.',
  INVALID_TRANSITION: 'The upload changed meanwhile (perhaps in another window): look at its current state above, or upload the file again.',
  FORBIDDEN: 'Ask someone with the Sales Ops role to upload the contact list.',
  UNAUTHENTICATED: 'Your session has ended: sign in again, then upload the file again.',
  NOT_FOUND: 'The campaign is no longer there: go back to the campaign list.',
  NETWORK: 'Check your connection and upload the file again.',
  ABORTED: 'Choose the file again to upload it.',
  INTERNAL: 'Try again in a few seconds; if it keeps failing, tell the Callaro operators.',
};

export function adviceFor(code: string | null | undefined): string {
  return (code && advice[code]) || 'Upload the file again; if it keeps failing, tell the Callaro operators.';
}
