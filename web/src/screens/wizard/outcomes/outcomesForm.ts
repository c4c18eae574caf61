/** The Outcomes step's form: dispositions and CRM write-back rows before they are saved. */

export const DEFAULT_DISPOSITIONS = ['connected', 'voicemail', 'no_answer', 'meeting_booked'];

export interface WritebackRow {
  disposition: string;
  crmField: string;
  value: string;
}

export interface OutcomesValues {
  dispositions: string[];
  crmObject: string;
  writebackFields: WritebackRow[];
}

export interface StoredOutcomes {
  dispositions: readonly string[];
  crmObject?: string | null;
  writebackFields: readonly WritebackRow[];
}

export function initialOutcomes(stored: StoredOutcomes | null | undefined): OutcomesValues {
  if (!stored) return { dispositions: [...DEFAULT_DISPOSITIONS], crmObject: '', writebackFields: [] };
  return {
    dispositions: [...stored.dispositions],
    crmObject: stored.crmObject ?? '',
    writebackFields: stored.writebackFields.map((f) => ({ disposition: f.disposition, crmField: f.crmField, value: f.value })),
  };
}

/** What setOutcomes receives: blank dispositions and blank write-back rows left out. */
export function outcomesInput(values: OutcomesValues) {
  return {
    dispositions: values.dispositions.map((d) => d.trim()).filter(Boolean),
    crmObject: values.crmObject.trim() || null,
    writebackFields: values.writebackFields
      .filter((f) => f.disposition.trim() || f.crmField.trim() || f.value.trim())
      .map((f) => ({ disposition: f.disposition.trim(), crmField: f.crmField.trim(), value: f.value })),
  };
}

/** Problems the person can fix before sending (the server checks again). */
export function outcomesProblems(values: OutcomesValues): string[] {
  const input = outcomesInput(values);
  const problems: string[] = [];
  if (input.dispositions.length === 0) problems.push('List at least one disposition.');
  const seen = new Set<string>();
  for (const d of input.dispositions) {
    const key = d.toLowerCase();
    if (seen.has(key)) problems.push(`Disposition "${d}" is listed twice.`);
    seen.add(key);
  }
  input.writebackFields.forEach((f, i) => {
    if (!seen.has(f.disposition.toLowerCase())) problems.push(`Write-back row ${i + 1}: choose one of the dispositions.`);
    if (!f.crmField) problems.push(`Write-back row ${i + 1}: name the CRM field.`);
  });
  return problems;
}

export function isDirty(values: OutcomesValues, stored: StoredOutcomes | null | undefined): boolean {
  if (!stored) return true;
  return JSON.stringify(outcomesInput(values)) !== JSON.stringify(outcomesInput(initialOutcomes(stored)));
}
