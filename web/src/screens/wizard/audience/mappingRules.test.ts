import { describe, expect, it } from 'vitest';
import {
  FIELDS,
  changeRow,
  duplicatedColumns,
  formatConfidence,
  initialRows,
  mappingProblems,
  requiredFields,
  sampleValues,
  toMappingInput,
  type MappingRow,
} from './mappingRules';

const row = (column: string, field: MappingRow['field'], customKey = ''): MappingRow => ({ column, field, customKey });

describe('required fields', () => {
  it('are the identifier and the phone when the schedule is unset or fixed', () => {
    expect(requiredFields(null)).toEqual(['IDENTIFIER', 'PHONE']);
    expect(requiredFields('FIXED_TIMEZONE')).toEqual(['IDENTIFIER', 'PHONE']);
  });

  it('include the time zone when the schedule calls contacts in their own time zone', () => {
    expect(requiredFields('CONTACT_LOCAL')).toEqual(['IDENTIFIER', 'PHONE', 'TIMEZONE']);
  });
});

describe('mapping problems', () => {
  it('are none for a mapping with an identifier and a phone', () => {
    expect(mappingProblems([row('Ref', 'IDENTIFIER'), row('Mobile', 'PHONE'), row('Notes', 'IGNORE')], null)).toEqual([]);
  });

  it('name a required field nobody maps', () => {
    expect(mappingProblems([row('Ref', 'IDENTIFIER'), row('Mobile', 'IGNORE')], null)).toEqual(['Phone is required: map a column to it.']);
  });

  it('ask for a time zone column only for contact-local schedules', () => {
    const rows = [row('Ref', 'IDENTIFIER'), row('Mobile', 'PHONE')];
    expect(mappingProblems(rows, 'FIXED_TIMEZONE')).toEqual([]);
    expect(mappingProblems(rows, 'CONTACT_LOCAL')).toEqual([
      'Time zone is required (the schedule calls contacts in their own time zone): map a column to it.',
    ]);
  });

  it('name a field mapped from two columns, with both columns', () => {
    const problems = mappingProblems([row('Ref', 'IDENTIFIER'), row('Mobile', 'PHONE'), row('Office', 'PHONE')], null);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('Phone is mapped twice');
    expect(problems[0]).toContain('"Mobile" and "Office"');
  });

  it('allow several ignored columns and several custom attributes with different keys', () => {
    const rows = [row('Ref', 'IDENTIFIER'), row('Mobile', 'PHONE'), row('A', 'IGNORE'), row('B', 'IGNORE'), row('C', 'CUSTOM', 'region'), row('D', 'CUSTOM', 'tier')];
    expect(mappingProblems(rows, null)).toEqual([]);
  });

  it('refuse a custom attribute without a key, and two columns under the same key', () => {
    expect(mappingProblems([row('Ref', 'IDENTIFIER'), row('Mobile', 'PHONE'), row('C', 'CUSTOM', '  ')], null)[0]).toContain('without a key');
    expect(mappingProblems([row('Ref', 'IDENTIFIER'), row('Mobile', 'PHONE'), row('C', 'CUSTOM', 'Region'), row('D', 'CUSTOM', 'region ')], null)[0]).toContain(
      'Custom key "region" is mapped twice',
    );
  });

  it('mark both columns of a field mapped twice', () => {
    expect([...duplicatedColumns([row('Ref', 'IDENTIFIER'), row('Mobile', 'PHONE'), row('Office', 'PHONE'), row('X', 'IGNORE'), row('Y', 'IGNORE')])]).toEqual([
      'Mobile',
      'Office',
    ]);
  });
});

describe('the field picker', () => {
  it('offers every contact field once, custom and ignore included', () => {
    const fields = FIELDS.map((f) => f.field);
    expect(new Set(fields).size).toBe(fields.length);
    expect(fields).toEqual(expect.arrayContaining(['IDENTIFIER', 'PHONE', 'TIMEZONE', 'CRM_ID', 'CONSENT', 'COUNTRY', 'CUSTOM', 'IGNORE']));
    expect(fields).toHaveLength(13);
  });

  it('starts from the suggestion and ignores columns the suggestion leaves out', () => {
    const rows = initialRows(['Ref', 'Mobile', 'Extra'], [
      { column: 'Ref', field: 'IDENTIFIER', confidence: 0.7 },
      { column: 'Mobile', field: 'PHONE', confidence: 1 },
    ]);
    expect(rows).toEqual([row('Ref', 'IDENTIFIER'), row('Mobile', 'PHONE'), row('Extra', 'IGNORE')]);
  });

  it('changes one column and keeps the others', () => {
    const rows = changeRow([row('Account', 'COMPANY'), row('Ref', 'IDENTIFIER')], 'Account', { field: 'CRM_ID' });
    expect(rows).toEqual([row('Account', 'CRM_ID'), row('Ref', 'IDENTIFIER')]);
  });

  it('sends every column to confirmMapping, with a trimmed custom key only for custom attributes', () => {
    expect(toMappingInput([row('Ref', 'IDENTIFIER', 'stale'), row('Region', 'CUSTOM', ' region '), row('X', 'IGNORE')])).toEqual([
      { column: 'Ref', field: 'IDENTIFIER' },
      { column: 'Region', field: 'CUSTOM', customKey: 'region' },
      { column: 'X', field: 'IGNORE' },
    ]);
  });
});

describe('confidence', () => {
  it('reads as a whole percentage', () => {
    expect(formatConfidence(0.92)).toBe('92%');
    expect(formatConfidence(0.7)).toBe('70%');
    expect(formatConfidence(1)).toBe('100%');
    expect(formatConfidence(0)).toBe('0%');
    expect(formatConfidence(0.855)).toBe('86%');
  });

  it('is a dash when the server gave none', () => {
    expect(formatConfidence(null)).toBe('—');
    expect(formatConfidence(undefined)).toBe('—');
  });
});

describe('sample values', () => {
  it('are the first distinct non-blank values of a column', () => {
    const preview = [
      { cells: [{ column: 'Mobile', value: '415' }] },
      { cells: [{ column: 'Mobile', value: '' }] },
      { cells: [{ column: 'Mobile', value: '415' }] },
      { cells: [{ column: 'Mobile', value: '650' }] },
      { cells: [{ column: 'Mobile', value: '212' }] },
      { cells: [{ column: 'Mobile', value: '999' }] },
    ];
    expect(sampleValues(preview, 'Mobile', 3)).toEqual(['415', '650', '212']);
    expect(sampleValues(preview, 'Missing')).toEqual([]);
  });
});
