import { describe, expect, it } from 'vitest';
import { saveStatus } from './saveStatus';

describe('saveStatus', () => {
  it('says the form was saved until it changes again', () => {
    expect(saveStatus('Schedule', { saved: true, dirty: false, stored: true })).toBe('Schedule saved.');
  });

  it('says there are unsaved changes to what the draft holds', () => {
    expect(saveStatus('Outcomes', { saved: true, dirty: true, stored: true })).toBe('Unsaved changes.');
  });

  it('says a step the draft has never held is not saved yet', () => {
    expect(saveStatus('Outcomes', { saved: false, dirty: true, stored: false })).toBe('Not saved yet.');
  });

  it('says nothing when the form shows what the draft holds', () => {
    expect(saveStatus('Schedule', { saved: false, dirty: false, stored: true })).toBe('');
  });
});
