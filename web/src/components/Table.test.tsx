import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { Table } from './Table';

describe('Table', () => {
  it('heads each column and right-aligns the numeric ones', () => {
    render(
      <Table columns={['Reason', { label: 'Rows', numeric: true }]}>
        <tr>
          <td>Bad phone</td>
          <td className="num">3</td>
        </tr>
      </Table>,
    );
    const headers = screen.getAllByRole('columnheader');
    expect(headers.map((h) => h.textContent)).toEqual(['Reason', 'Rows']);
    expect(headers[1].className).toBe('num');
    expect(screen.getByRole('cell', { name: 'Bad phone' })).toBeTruthy();
  });
});
