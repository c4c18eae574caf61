/** What each reject / warning code means, in a few words. */
const labels: Record<string, string> = {
  MALFORMED_ROW: 'Row could not be read',
  MISSING_IDENTIFIER: 'No identifier',
  MISSING_PHONE: 'No phone number',
  PHONE_UNPARSEABLE: 'Not a phone number',
  PHONE_INVALID: 'Phone number cannot be dialled',
  PHONE_PRECISION_LOST: 'Phone damaged by a spreadsheet (4.15E+09)',
  TIMEZONE_UNKNOWN: 'Unknown time zone',
  TIMEZONE_UNRESOLVED: 'Time zone could not be found',
  DUPLICATE: 'Duplicate',
  DUPLICATE_IDENTIFIER: 'Duplicate identifier',
  SUPPRESSED: 'On the suppression list',
  NO_CONSENT: 'No consent',
  ACTIVE_IN_OTHER_CAMPAIGN: 'Active in another campaign',
  PHONE_REGION_ASSUMED: 'Country assumed for the phone',
  TIMEZONE_INFERRED: 'Time zone inferred from the phone',
  TIMEZONE_ALIAS: 'Time zone abbreviation read',
  TIMEZONE_CONFLICT: 'Time zone does not match the phone',
};

export function reasonLabel(code: string): string {
  return labels[code] ?? code;
}
