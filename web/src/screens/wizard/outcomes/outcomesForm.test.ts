import { describe, expect, it } from 'vitest';
import { initialOutcomes, isDirty, outcomesInput, outcomesProblems } from './outcomesForm';

describe('the outcomes form', () => {
  it('starts with the usual dispositions when nothing is stored', () => {
    expect(initialOutcomes(null).dispositions).toEqual(['connected', 'voicemail', 'no_answer', 'meeting_booked']);
  });

  it('shows what is stored, and is not dirty then', () => {
    const stored = { dispositions: ['connected'], crmObject: 'Lead', writebackFields: [{ disposition: 'connected', crmField: 'Status', value: 'Called' }] };
    const values = initialOutcomes(stored);
    expect(values.crmObject).toBe('Lead');
    expect(isDirty(values, stored)).toBe(false);
    expect(isDirty({ ...values, crmObject: 'Contact' }, stored)).toBe(true);
  });

  it('leaves out blank dispositions and empty write-back rows, and trims', () => {
    const input = outcomesInput({ dispositions: [' connected ', '', 'voicemail'], crmObject: '  ', writebackFields: [{ disposition: '', crmField: '', value: '' }] });
    expect(input).toEqual({ dispositions: ['connected', 'voicemail'], crmObject: null, writebackFields: [] });
  });

  it('names repeated dispositions and write-back rows that name no disposition', () => {
    expect(outcomesProblems({ dispositions: ['connected', 'Connected'], crmObject: '', writebackFields: [{ disposition: 'meeting', crmField: '', value: 'x' }] })).toEqual([
      'Disposition "Connected" is listed twice.',
      'Write-back row 1: choose one of the dispositions.',
      'Write-back row 1: name the CRM field.',
    ]);
  });

  it('needs at least one disposition', () => {
    expect(outcomesProblems({ dispositions: [''], crmObject: '', writebackFields: [] })).toEqual(['List at least one disposition.']);
  });
});
