import { describe, expect, it } from 'vitest';
import {
  conditionsInput,
  emptyCondition,
  matchSentence,
  previewRequest,
  rowsFromConditions,
  sameConditions,
  splitValues,
  summariseConditions,
} from './segmentConditions';

describe('splitValues', () => {
  it('splits on commas, trims, and drops blanks', () => {
    expect(splitValues(' West, North ,, ')).toEqual(['West', 'North']);
  });
});

describe('conditionsInput', () => {
  it('turns rows into the conditions the server takes', () => {
    const { conditions, problems } = conditionsInput([
      { field: 'CUSTOM', operator: 'EQUALS', key: ' region ', values: 'West' },
      { field: 'CONSENT', operator: 'IN', key: 'ignored', values: 'GRANTED, UNKNOWN' },
      { field: 'COMPANY', operator: 'EXISTS', key: '', values: 'ignored too' },
    ]);
    expect(problems).toEqual([]);
    expect(conditions).toEqual([
      { field: 'CUSTOM', operator: 'EQUALS', key: 'region', values: ['West'] },
      { field: 'CONSENT', operator: 'IN', values: ['GRANTED', 'UNKNOWN'] },
      { field: 'COMPANY', operator: 'EXISTS', values: [] },
    ]);
  });

  it('asks for at least one condition', () => {
    expect(conditionsInput([]).problems).toHaveLength(1);
  });

  it('names the condition that lacks a value, a key, or has too many values', () => {
    const { problems } = conditionsInput([
      { field: 'COUNTRY', operator: 'EQUALS', key: '', values: '' },
      { field: 'CUSTOM', operator: 'EXISTS', key: ' ', values: '' },
      { field: 'TIMEZONE', operator: 'IN', key: '', values: ' , ' },
      { field: 'COUNTRY', operator: 'EQUALS', key: '', values: 'US, GB' },
    ]);
    expect(problems).toEqual([
      'Condition 1: “equals” takes exactly one value.',
      'Condition 2: name the custom attribute (its key).',
      'Condition 3: “is one of” needs at least one value.',
      'Condition 4: “equals” takes exactly one value (use “is one of” for several).',
    ]);
  });
});

describe('previewRequest', () => {
  it('is ready with the conditions the server counts when nothing is missing', () => {
    const request = previewRequest([
      { field: 'CUSTOM', operator: 'EQUALS', key: ' batch ', values: ' abc ' },
      { field: 'COMPANY', operator: 'EXISTS', key: '', values: 'ignored' },
    ]);
    expect(request).toEqual({
      ready: true,
      conditions: [
        { field: 'CUSTOM', operator: 'EQUALS', key: 'batch', values: ['abc'] },
        { field: 'COMPANY', operator: 'EXISTS', values: [] },
      ],
      key: expect.any(String),
    });
  });

  it('says what is missing instead of asking: no condition, a key, a value', () => {
    expect(previewRequest([])).toEqual({ ready: false, missing: [expect.stringContaining('Add a condition')] });
    expect(previewRequest([emptyCondition()])).toEqual({ ready: false, missing: ['Condition 1: a value.'] });
    expect(
      previewRequest([
        { field: 'CUSTOM', operator: 'IN', key: ' ', values: ' , ' },
        { field: 'COUNTRY', operator: 'EQUALS', key: '', values: 'US' },
      ]),
    ).toEqual({ ready: false, missing: ['Condition 1: the custom attribute’s key.', 'Condition 1: at least one value.'] });
  });

  it('leaves a wrong but complete condition for the server to refuse', () => {
    expect(previewRequest([{ field: 'COUNTRY', operator: 'EQUALS', key: '', values: 'US, GB' }]).ready).toBe(true);
  });

  it('gives rows that say the same the same key, and a changed value another', () => {
    const a = previewRequest([{ field: 'CUSTOM', operator: 'IN', key: 'region', values: 'West,East' }]);
    const b = previewRequest([{ field: 'CUSTOM', operator: 'IN', key: ' region', values: ' West , East ,' }]);
    const c = previewRequest([{ field: 'CUSTOM', operator: 'IN', key: 'region', values: 'West' }]);
    expect(a.ready && b.ready && a.key === b.key).toBe(true);
    expect(a.ready && c.ready && a.key !== c.key).toBe(true);
  });
});

describe('matchSentence', () => {
  it('reads one contact in the singular and any other count in the plural', () => {
    expect(matchSentence(1)).toBe('1 contact matches');
    expect(matchSentence(0)).toBe('0 contacts match');
    expect(matchSentence(1234, '1,234')).toBe('1,234 contacts match');
  });
});

describe('sameConditions', () => {
  const saved = [{ field: 'CUSTOM' as const, operator: 'IN' as const, key: 'region', values: ['West', 'North'] }];

  it('sees saved conditions loaded into the builder as unchanged', () => {
    expect(sameConditions(rowsFromConditions(saved), saved)).toBe(true);
  });

  it('sees an edited value, an added row or a removed row as a change', () => {
    expect(sameConditions([{ ...rowsFromConditions(saved)[0], values: 'West' }], saved)).toBe(false);
    expect(sameConditions([...rowsFromConditions(saved), emptyCondition()], saved)).toBe(false);
    expect(sameConditions([], saved)).toBe(false);
  });
});

describe('summariseConditions', () => {
  it('reads every condition joined by AND', () => {
    expect(
      summariseConditions([
        { field: 'CUSTOM', operator: 'EQUALS', key: 'region', values: ['West'] },
        { field: 'CONSENT', operator: 'IN', values: ['GRANTED', 'UNKNOWN'] },
        { field: 'COMPANY', operator: 'EXISTS', values: [] },
      ]),
    ).toBe('“region” equals West AND Consent is one of GRANTED, UNKNOWN AND Company is not empty');
  });

  it('reads phone prefixes as "starts with"', () => {
    expect(summariseConditions([{ field: 'PHONE_PREFIX', operator: 'IN', values: ['+44', '+1415'] }])).toBe('Phone starts with +44 or +1415');
  });
});
