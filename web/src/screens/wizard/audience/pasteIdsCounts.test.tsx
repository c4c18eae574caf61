import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { DirectoryCounts, PastedCounts } from './pasteIdsCounts';
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

describe('DirectoryCounts', () => {
  const directory = {
    pasted: 5,
    duplicatesInPaste: 1,
    requested: 4,
    resolved: 2,
    unknown: 2,
    unknownIds: ['x-1', 'x-2'],
    suppressed: 1,
    duplicatePhones: 0,
    dialable: 1,
    timezoneMissing: 0,
  };

  it('lists the server’s resolution of pasted ids, unknown ids by name', () => {
    render(<DirectoryCounts directory={directory} kind="CONTACT_IDS" title="Resolved" />);
    const region = screen.getByRole('region', { name: 'Resolved' });
    expect(region.textContent).toContain('Pasted5');
    expect(region.textContent).toContain('Unknown2');
    expect(region.textContent).toContain('Dialable1');
    expect(screen.getByRole('list', { name: 'Unknown ids' }).textContent).toBe('x-1x-2');
  });

  it('shows a segment’s members instead of paste counts', () => {
    render(<DirectoryCounts directory={directory} kind="SEGMENT" title="Segment audience" />);
    const text = screen.getByRole('region', { name: 'Segment audience' }).textContent;
    expect(text).toContain('Members4');
    expect(text).not.toContain('Pasted');
    expect(screen.queryByRole('list', { name: 'Unknown ids' })).toBeNull();
  });
});
