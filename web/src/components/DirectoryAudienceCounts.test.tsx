import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { DirectoryAudienceCounts } from './DirectoryAudienceCounts';

describe('DirectoryAudienceCounts', () => {
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
    render(<DirectoryAudienceCounts directory={directory} kind="CONTACT_IDS" title="Resolved" />);
    const region = screen.getByRole('region', { name: 'Resolved' });
    expect(region.textContent).toContain('Pasted5');
    expect(region.textContent).toContain('Unknown2');
    expect(region.textContent).toContain('Dialable1');
    expect(screen.getByRole('list', { name: 'Unknown ids' }).textContent).toBe('x-1x-2');
  });

  it('shows a segment’s members instead of paste counts', () => {
    render(<DirectoryAudienceCounts directory={directory} kind="SEGMENT" title="Segment audience" />);
    const text = screen.getByRole('region', { name: 'Segment audience' }).textContent;
    expect(text).toContain('Members4');
    expect(text).not.toContain('Pasted');
    expect(screen.queryByRole('list', { name: 'Unknown ids' })).toBeNull();
  });
});
