import { describe, expect, it } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { rangeText, useCursorPages } from './paging';

describe('rangeText', () => {
  it('says which rows of the whole list a page shows', () => {
    expect(rangeText(1, 50, 50, 230)).toBe('Showing 1–50 of 230');
    expect(rangeText(5, 50, 30, 230)).toBe('Showing 201–230 of 230');
  });

  it('says nothing is shown when the list is empty', () => {
    expect(rangeText(1, 50, 0, 0)).toBe('Showing 0 of 0');
  });

  it('groups thousands', () => {
    expect(rangeText(1, 50, 50, 12345)).toBe('Showing 1–50 of 12,345');
  });
});

describe('useCursorPages', () => {
  it('goes forward with the end cursor and back to where it was', () => {
    const { result } = renderHook(() => useCursorPages('x'));
    expect(result.current.after).toBeNull();
    act(() => result.current.next('c1'));
    act(() => result.current.next('c2'));
    expect(result.current).toMatchObject({ after: 'c2', page: 3 });
    act(() => result.current.previous());
    expect(result.current).toMatchObject({ after: 'c1', page: 2 });
  });

  it('starts again at the first page when the search changes', () => {
    const { result, rerender } = renderHook(({ key }) => useCursorPages(key), { initialProps: { key: 'a' } });
    act(() => result.current.next('c1'));
    rerender({ key: 'b' });
    expect(result.current).toMatchObject({ after: null, page: 1 });
  });
});
