/**
 * The column-mapping rules the Audience step enforces before "Confirm mapping": which fields are required,
 * which are mapped twice, and the ColumnMappingInput list sent to confirmMapping. Pure: no React, no GraphQL.
 */

export type ContactField =
  | 'IDENTIFIER'
  | 'PHONE'
  | 'TIMEZONE'
  | 'FIRST_NAME'
  | 'LAST_NAME'
  | 'EMAIL'
  | 'COMPANY'
  | 'CRM_ID'
  | 'CONSENT'
  | 'POSTAL_CODE'
  | 'COUNTRY'
  | 'CUSTOM'
  | 'IGNORE';

export type ScheduleMode = 'CONTACT_LOCAL' | 'FIXED_TIMEZONE';

/** Every field a column can be mapped to, in the order the picker offers them, with what a person reads. */
export const FIELDS: { field: ContactField; label: string }[] = [
  { field: 'IDENTIFIER', label: 'Identifier' },
  { field: 'PHONE', label: 'Phone' },
  { field: 'TIMEZONE', label: 'Time zone' },
  { field: 'FIRST_NAME', label: 'First name' },
  { field: 'LAST_NAME', label: 'Last name' },
  { field: 'EMAIL', label: 'E-mail' },
  { field: 'COMPANY', label: 'Company' },
  { field: 'CRM_ID', label: 'CRM id' },
  { field: 'CONSENT', label: 'Consent' },
  { field: 'POSTAL_CODE', label: 'Postal code' },
  { field: 'COUNTRY', label: 'Country' },
  { field: 'CUSTOM', label: 'Custom attribute' },
  { field: 'IGNORE', label: 'Ignore this column' },
];

export function fieldLabel(field: ContactField | string | null | undefined): string {
  return FIELDS.find((f) => f.field === field)?.label ?? String(field ?? '—');
}

/** One row of the mapping grid: a column of the file and what it is mapped to (form state). */
export interface MappingRow {
  column: string;
  field: ContactField;
  customKey: string;
}

export interface SuggestedMapping {
  column: string;
  field: ContactField;
  customKey?: string | null;
  confidence?: number | null;
}

/** IDENTIFIER and PHONE always; TIMEZONE too when the schedule calls contacts in their own time zone. */
export function requiredFields(scheduleMode: ScheduleMode | null | undefined): ContactField[] {
  return scheduleMode === 'CONTACT_LOCAL' ? ['IDENTIFIER', 'PHONE', 'TIMEZONE'] : ['IDENTIFIER', 'PHONE'];
}

export function isRequired(field: ContactField, scheduleMode: ScheduleMode | null | undefined): boolean {
  return requiredFields(scheduleMode).includes(field);
}

/** The grid's starting rows: one per column, from the confirmed mapping if any, else the suggestion; unmentioned columns are ignored. */
export function initialRows(columns: readonly string[], mapping: readonly SuggestedMapping[] | null | undefined): MappingRow[] {
  return columns.map((column) => {
    const m = mapping?.find((x) => x.column === column);
    return { column, field: m?.field ?? 'IGNORE', customKey: m?.customKey ?? '' };
  });
}

/** Replaces one row's field (or custom key), keeping the others. */
export function changeRow(rows: readonly MappingRow[], column: string, change: Partial<Omit<MappingRow, 'column'>>): MappingRow[] {
  return rows.map((r) => (r.column === column ? { ...r, ...change } : r));
}

/** Why the mapping cannot be confirmed yet; empty when it can. Each message names the fields and columns. */
export function mappingProblems(rows: readonly MappingRow[], scheduleMode: ScheduleMode | null | undefined): string[] {
  const problems: string[] = [];
  for (const field of requiredFields(scheduleMode)) {
    if (!rows.some((r) => r.field === field)) {
      const why = field === 'TIMEZONE' ? ' (the schedule calls contacts in their own time zone)' : '';
      problems.push(`${fieldLabel(field)} is required${why}: map a column to it.`);
    }
  }
  const byField = new Map<string, string[]>();
  for (const r of rows) {
    if (r.field === 'IGNORE') continue;
    const key = r.field === 'CUSTOM' ? `CUSTOM:${r.customKey.trim().toLowerCase()}` : r.field;
    if (r.field === 'CUSTOM' && r.customKey.trim() === '') {
      problems.push(`Column "${r.column}" is a custom attribute without a key: type the key to store it under.`);
      continue;
    }
    byField.set(key, [...(byField.get(key) ?? []), r.column]);
  }
  for (const [key, columns] of byField) {
    if (columns.length < 2) continue;
    const name = key.startsWith('CUSTOM:') ? `Custom key "${key.slice(7)}"` : fieldLabel(key);
    problems.push(`${name} is mapped twice (columns ${columns.map((c) => `"${c}"`).join(' and ')}): keep one and set the other to "Ignore this column".`);
  }
  return problems;
}

/** The columns whose field is also chosen for another column (to mark them in the grid). */
export function duplicatedColumns(rows: readonly MappingRow[]): Set<string> {
  const seen = new Map<string, string[]>();
  for (const r of rows) {
    if (r.field === 'IGNORE' || (r.field === 'CUSTOM' && r.customKey.trim() === '')) continue;
    const key = r.field === 'CUSTOM' ? `CUSTOM:${r.customKey.trim().toLowerCase()}` : r.field;
    seen.set(key, [...(seen.get(key) ?? []), r.column]);
  }
  return new Set([...seen.values()].filter((c) => c.length > 1).flat());
}

/** What confirmMapping receives: every column, ignored ones included (so the org's remembered mapping is complete). */
export function toMappingInput(rows: readonly MappingRow[]): { column: string; field: ContactField; customKey?: string }[] {
  return rows.map((r) => (r.field === 'CUSTOM' ? { column: r.column, field: r.field, customKey: r.customKey.trim() } : { column: r.column, field: r.field }));
}

/** 0.92 -> "92%"; no confidence (a confirmed or remembered mapping) -> "—". */
export function formatConfidence(confidence: number | null | undefined): string {
  if (confidence == null || Number.isNaN(confidence)) return '—';
  return `${Math.round(Math.max(0, Math.min(1, confidence)) * 100)}%`;
}

/** Up to `count` distinct non-blank sample values of a column, from the preview rows. */
export function sampleValues(
  rows: readonly { cells: readonly { column: string; value: string }[] }[],
  column: string,
  count = 3,
): string[] {
  const values: string[] = [];
  for (const row of rows) {
    const v = row.cells.find((c) => c.column === column)?.value;
    if (v != null && v.trim() !== '' && !values.includes(v)) values.push(v);
    if (values.length >= count) break;
  }
  return values;
}
