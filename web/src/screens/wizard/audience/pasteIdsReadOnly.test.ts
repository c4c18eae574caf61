import { describe, expect, it } from 'vitest';
import { audienceReadOnlyReason } from './pasteIdsReadOnly';

describe('audienceReadOnlyReason', () => {
  it('names the missing role first', () => {
    expect(audienceReadOnlyReason(['SDR_LEAD'], 'DRAFT')).toMatch(/SALES_OPS role/);
  });

  it('says a launched or cancelled campaign no longer changes', () => {
    expect(audienceReadOnlyReason(['SALES_OPS'], 'LAUNCHED')).toBe('This campaign is launched: its audience can no longer change.');
  });
});
