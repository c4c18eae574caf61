import { describe, expect, it } from 'vitest';
import { contactName, customAttributes } from './contactText';

describe('contactName', () => {
  it('joins first and last name', () => {
    expect(contactName({ firstName: 'Ada', lastName: 'Lovelace' })).toBe('Ada Lovelace');
  });

  it('shows whichever half is known', () => {
    expect(contactName({ firstName: null, lastName: 'Lovelace' })).toBe('Lovelace');
    expect(contactName({ firstName: ' Ada ', lastName: '' })).toBe('Ada');
  });

  it('is empty when no name is known', () => {
    expect(contactName({})).toBe('');
  });
});

describe('customAttributes', () => {
  it('lists an object as key and text, sorted by key', () => {
    expect(customAttributes({ region: 'West', plan: 'Gold' })).toEqual([
      ['plan', 'Gold'],
      ['region', 'West'],
    ]);
  });

  it('shows values that are not text as JSON', () => {
    expect(customAttributes({ seats: 12, vip: true })).toEqual([
      ['seats', '12'],
      ['vip', 'true'],
    ]);
  });

  it('has nothing for no attributes', () => {
    expect(customAttributes({})).toEqual([]);
    expect(customAttributes(null)).toEqual([]);
  });
});
