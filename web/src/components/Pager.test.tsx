import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { Pager } from './Pager';

const pages = (page: number) => ({ after: null, page, next: vi.fn(), previous: vi.fn() });
const connection = (totalCount: number, hasNextPage: boolean) => ({ totalCount, pageInfo: { hasNextPage, endCursor: 'c2' } });

describe('Pager', () => {
  it('shows nothing for an empty list on its first page', () => {
    const { container } = render(<Pager label="Rows" pages={pages(1)} pageSize={50} shown={0} connection={connection(0, false)} />);
    expect(container.textContent).toBe('');
  });

  it('says where the page is and moves on with the end cursor', () => {
    const at = pages(2);
    render(<Pager label="Rows" pages={at} pageSize={50} shown={50} connection={connection(230, true)} />);
    expect(screen.getByRole('navigation', { name: 'Rows' }).textContent).toContain('Page 2 · Showing 51–100 of 230');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(at.next).toHaveBeenCalledWith('c2');
    fireEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(at.previous).toHaveBeenCalled();
  });
});
