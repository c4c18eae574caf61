import { describe, expect, it } from 'vitest';
import { parsePhoneList, suppressionSearch } from './phoneList';

describe('parsePhoneList', () => {
  it('reads one number per line', () => {
    expect(parsePhoneList('+14155550100\n+14155550101\r\n+14155550102')).toEqual(['+14155550100', '+14155550101', '+14155550102']);
  });

  it('reads comma- and semicolon-separated numbers, mixed with lines', () => {
    expect(parsePhoneList('415-555-0100, 415 555 0101;+44 20 7946 0958\n(415) 555-0102')).toEqual([
      '415-555-0100',
      '415 555 0101',
      '+44 20 7946 0958',
      '(415) 555-0102',
    ]);
  });

  it('keeps the spaces inside a number but drops blanks around and between', () => {
    expect(parsePhoneList('  \n 415 555 0100 ,, \n\n')).toEqual(['415 555 0100']);
  });

  it('keeps each number once, in the order given', () => {
    expect(parsePhoneList('b\na\nb')).toEqual(['b', 'a']);
  });

  it('reads nothing from an empty box', () => {
    expect(parsePhoneList('   \n ')).toEqual([]);
  });
});

describe('suppressionSearch', () => {
  it('keeps only the digits and plus of a number as people write it', () => {
    expect(suppressionSearch(' (415) 555-0100 ')).toBe('4155550100');
    expect(suppressionSearch('+1 415')).toBe('+1415');
  });

  it('sends text without digits as typed', () => {
    expect(suppressionSearch('  cora ')).toBe('cora');
  });
});
