import type { SegmentField, SegmentOperator } from '../../gql/graphql';

/** A condition as the builder edits it: values as typed (comma-separated). */
export interface ConditionRow {
  field: SegmentField;
  operator: SegmentOperator;
  key: string;
  values: string;
}

/** A condition as the server holds or takes it. */
export interface Condition {
  field: SegmentField;
  operator: SegmentOperator;
  key?: string | null;
  values?: string[] | null;
}

export const fields: { value: SegmentField; label: string; hint: string }[] = [
  { value: 'COUNTRY', label: 'Country', hint: 'The file’s country column, e.g. US, GB' },
  { value: 'TIMEZONE', label: 'Time zone', hint: 'e.g. America/New_York' },
  { value: 'COMPANY', label: 'Company', hint: 'Company name' },
  { value: 'CONSENT', label: 'Consent', hint: 'GRANTED, REFUSED or UNKNOWN' },
  { value: 'CUSTOM', label: 'Custom attribute', hint: 'The value of the attribute named by the key' },
  { value: 'PHONE_PREFIX', label: 'Phone prefix', hint: 'e.g. +44 or +1415' },
];

export const operators: { value: SegmentOperator; label: string }[] = [
  { value: 'EQUALS', label: 'equals' },
  { value: 'IN', label: 'is one of' },
  { value: 'EXISTS', label: 'is not empty' },
];

export function fieldLabel(field: SegmentField): string {
  return fields.find((f) => f.value === field)?.label ?? field;
}

export function emptyCondition(): ConditionRow {
  return { field: 'COUNTRY', operator: 'EQUALS', key: '', values: '' };
}

/** "a, b,, c " -> ["a", "b", "c"]. */
export function splitValues(text: string): string[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

export function rowsFromConditions(conditions: readonly Condition[]): ConditionRow[] {
  return conditions.map((c) => ({ field: c.field, operator: c.operator, key: c.key ?? '', values: (c.values ?? []).join(', ') }));
}

/**
 * The rows as the server takes them, or what is wrong with them first (numbered as the person sees
 * them): EQUALS one value, IN at least one, EXISTS none, CUSTOM a key.
 */
export function conditionsInput(rows: readonly ConditionRow[]): { conditions: Condition[]; problems: string[] } {
  const problems: string[] = [];
  if (rows.length === 0) problems.push('Add at least one condition: a segment of everyone is too easy to launch.');
  const conditions = rows.map((row, i) => {
    const n = i + 1;
    const values = row.operator === 'EXISTS' ? [] : splitValues(row.values);
    if (row.field === 'CUSTOM' && !row.key.trim()) problems.push(`Condition ${n}: name the custom attribute (its key).`);
    if (row.operator === 'EQUALS' && values.length !== 1)
      problems.push(`Condition ${n}: “equals” takes exactly one value${values.length > 1 ? ' (use “is one of” for several)' : ''}.`);
    if (row.operator === 'IN' && values.length === 0) problems.push(`Condition ${n}: “is one of” needs at least one value.`);
    const condition: Condition = { field: row.field, operator: row.operator, values };
    if (row.field === 'CUSTOM') condition.key = row.key.trim();
    return condition;
  });
  return { conditions, problems };
}

/** What the builder may ask the server to count now: the conditions, or what is still missing. */
export type PreviewRequest = { ready: true; conditions: Condition[]; key: string } | { ready: false; missing: string[] };

/**
 * Whether the rows are complete enough to count live (segmentPreview): at least one condition, a key
 * for each custom attribute, a value for each "equals" and "is one of". Only what is missing holds the
 * count back; what is present but wrong (two values for "equals") is sent, and the server says why it
 * refuses. `key` is the same for rows that say the same, so re-typing the same value asks nothing new.
 */
export function previewRequest(rows: readonly ConditionRow[]): PreviewRequest {
  if (rows.length === 0) return { ready: false, missing: ['Add a condition: the count is for contacts matching every condition.'] };
  const missing: string[] = [];
  const conditions = rows.map((row, i) => {
    const n = i + 1;
    const values = row.operator === 'EXISTS' ? [] : splitValues(row.values);
    if (row.field === 'CUSTOM' && !row.key.trim()) missing.push(`Condition ${n}: the custom attribute’s key.`);
    if (row.operator !== 'EXISTS' && values.length === 0)
      missing.push(`Condition ${n}: ${row.operator === 'IN' ? 'at least one value' : 'a value'}.`);
    const condition: Condition = { field: row.field, operator: row.operator, values };
    if (row.field === 'CUSTOM') condition.key = row.key.trim();
    return condition;
  });
  if (missing.length > 0) return { ready: false, missing };
  return { ready: true, conditions, key: JSON.stringify(conditions) };
}

/** "1 contact matches", "12 contacts match": the sentence the live count reads. */
export function matchSentence(count: number, formatted: string = String(count)): string {
  return count === 1 ? `${formatted} contact matches` : `${formatted} contacts match`;
}

/** Whether the rows say the same as the saved conditions (the counts shown are the saved ones'). */
export function sameConditions(rows: readonly ConditionRow[], saved: readonly Condition[]): boolean {
  const a = conditionsInput(rows).conditions;
  if (a.length !== saved.length) return false;
  return a.every((c, i) => {
    const s = saved[i];
    return (
      c.field === s.field &&
      c.operator === s.operator &&
      (c.key ?? '') === (s.field === 'CUSTOM' ? (s.key ?? '') : '') &&
      JSON.stringify(c.values ?? []) === JSON.stringify(s.values ?? [])
    );
  });
}

/** One line a person reads: "Country equals US AND region is one of West, North AND Company is not empty". */
export function summariseConditions(conditions: readonly Condition[]): string {
  if (conditions.length === 0) return 'No conditions';
  return conditions.map(summariseCondition).join(' AND ');
}

function summariseCondition(c: Condition): string {
  const subject = c.field === 'CUSTOM' ? `“${c.key ?? ''}”` : fieldLabel(c.field);
  const values = c.values ?? [];
  if (c.field === 'PHONE_PREFIX') {
    if (c.operator === 'EXISTS') return 'Phone is not empty';
    return `Phone starts with ${values.join(' or ')}`;
  }
  switch (c.operator) {
    case 'EXISTS':
      return `${subject} is not empty`;
    case 'EQUALS':
      return `${subject} equals ${values[0] ?? '(nothing)'}`;
    case 'IN':
      return `${subject} is one of ${values.join(', ')}`;
    default:
      return `${subject} ${String(c.operator)} ${values.join(', ')}`;
  }
}
