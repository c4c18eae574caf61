import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { PastedCounts } from './pasteIdsCounts';
import { parsePastedIds } from './pasteIds';

describe('PastedCounts', () => {
  it('shows how many ids were pasted, how many repeat, and how many are distinct', () => {
    render(<PastedCounts parsed={parsePastedIds('c-1, c-2\nc-2;c-3 c-1')} />);
    expect(screen.getByRole('status').textContent).toBe('5 ids pasted · 2 repeats within the paste · 3 distinct ids');
  });

  it('speaks in the singular for one id', () => {
    render(<PastedCounts parsed={parsePastedIds('c-1')} />);
    expect(screen.getByRole('status').textContent).toBe('1 id pasted · 0 repeats within the paste · 1 distinct id');
  });

  it('says nothing was pasted for an empty box', () => {
    render(<PastedCounts parsed={parsePastedIds('')} />);
    expect(screen.getByRole('status').textContent).toBe('Nothing pasted yet.');
  });
});
