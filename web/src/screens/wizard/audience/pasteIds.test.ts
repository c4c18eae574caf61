import { describe, expect, it } from 'vitest';
import { MAX_ID_LENGTH, parsePastedIds, pasteProblem } from './pasteIds';

describe('parsePastedIds', () => {
  it('reads one id per line', () => {
    expect(parsePastedIds('c-1\nc-2\r\nc-3')).toMatchObject({ ids: ['c-1', 'c-2', 'c-3'], pasted: 3, repeats: 0 });
  });

  it('reads ids separated by commas, semicolons, tabs and spaces, mixed', () => {
    expect(parsePastedIds('c-1, c-2;c-3\tc-4 c-5\n c-6').ids).toEqual(['c-1', 'c-2', 'c-3', 'c-4', 'c-5', 'c-6']);
  });

  it('counts repeats and keeps the first of each id, in paste order', () => {
    expect(parsePastedIds('c-2\nc-1\nc-2;c-2, c-1')).toEqual({ ids: ['c-2', 'c-1'], pasted: 5, repeats: 3, tooLong: [] });
  });

  it('drops blanks and surrounding quotes', () => {
    expect(parsePastedIds('"c-1",\'c-2\'\n\n , ;\n""')).toMatchObject({ ids: ['c-1', 'c-2'], pasted: 2 });
  });

  it('compares ids exactly: case matters', () => {
    expect(parsePastedIds('ABC abc').ids).toEqual(['ABC', 'abc']);
  });

  it('reads nothing from an empty paste', () => {
    expect(parsePastedIds('  \n\t ')).toEqual({ ids: [], pasted: 0, repeats: 0, tooLong: [] });
  });

  it('sets apart ids longer than the server takes', () => {
    const long = 'x'.repeat(MAX_ID_LENGTH + 1);
    const p = parsePastedIds(`c-1 ${long}`);
    expect(p.ids).toEqual(['c-1']);
    expect(p.pasted).toBe(2);
    expect(p.tooLong).toEqual([`${'x'.repeat(40)}…`]);
  });
});

describe('pasteProblem', () => {
  it('has nothing against a usable paste', () => {
    expect(pasteProblem(parsePastedIds('c-1'))).toBeNull();
  });

  it('asks for at least one id', () => {
    expect(pasteProblem(parsePastedIds(''))).toBe('Paste at least one contact id.');
  });

  it('names ids that are too long', () => {
    expect(pasteProblem(parsePastedIds('y'.repeat(300)))).toMatch(/^1 id is longer than 200 characters/);
  });
});
