import { describe, expect, it } from 'vitest';
import { newerCampaign, newerUpload } from './live';

describe('the newest campaign on screen', () => {
  it('takes the first one that arrives', () => {
    expect(newerCampaign(null, { id: 'c', version: 1 })).toEqual({ id: 'c', version: 1 });
  });

  it('keeps a newer version over an older one arriving late', () => {
    const v3 = { id: 'c', version: 3 };
    expect(newerCampaign(v3, { id: 'c', version: 2 })).toBe(v3);
  });

  it('takes the later arrival at the same version', () => {
    const later = { id: 'c', version: 3, upload: 'STAGED' };
    expect(newerCampaign({ id: 'c', version: 3, upload: 'VALIDATING' }, later)).toBe(later);
  });

  it('ignores nothing arriving', () => {
    const v1 = { id: 'c', version: 1 };
    expect(newerCampaign(v1, null)).toBe(v1);
  });

  it('follows another campaign whatever its version', () => {
    expect(newerCampaign({ id: 'a', version: 9 }, { id: 'b', version: 1 })).toEqual({ id: 'b', version: 1 });
  });
});

describe('the newest upload on screen', () => {
  it('keeps the most recently updated state of the same upload', () => {
    const staged = { id: 'u', updatedAt: '2026-12-08T10:00:02Z', status: 'STAGED' };
    expect(newerUpload(staged, { id: 'u', updatedAt: '2026-12-08T10:00:01Z', status: 'VALIDATING' })).toBe(staged);
  });

  it('switches to a new upload of the draft', () => {
    const next = { id: 'u2', updatedAt: '2026-12-08T09:00:00Z' };
    expect(newerUpload({ id: 'u1', updatedAt: '2026-12-08T10:00:00Z' }, next)).toBe(next);
  });
});
