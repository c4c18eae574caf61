import { describe, expect, it } from 'vitest';
import { currentAfter, firstPage, hasPrevious, nextPage, pageNumber, pageRange, previousPage } from './paging';

describe('paging through campaigns', () => {
  it('starts on the first page with no cursor', () => {
    expect(currentAfter(firstPage)).toBeNull();
    expect(hasPrevious(firstPage)).toBe(false);
  });

  it('moves forward with the end cursor and back to exactly where it was', () => {
    const two = nextPage(firstPage, 'c20');
    const three = nextPage(two, 'c40');
    expect(currentAfter(three)).toBe('c40');
    expect(pageNumber(three)).toBe(3);
    expect(previousPage(three)).toEqual(two);
    expect(currentAfter(previousPage(two))).toBeNull();
  });

  it('stays put without an end cursor or before the first page', () => {
    expect(nextPage(firstPage, null)).toBe(firstPage);
    expect(previousPage(firstPage)).toBe(firstPage);
  });

  it('says which campaigns are shown of how many', () => {
    expect(pageRange(nextPage(firstPage, 'c20'), 20, 20, 1000)).toBe('Showing 21–40 of 1,000 campaigns');
    expect(pageRange(firstPage, 20, 0, 0)).toBe('0 campaigns');
  });
});
