import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { MappingForm } from './MappingForm';
import type { AudienceUploadFieldsFragment } from '../../../gql/graphql';

const cell = (column: string, value: string) => ({ column, value, normalized: value, field: null });

function upload(overrides: Partial<AudienceUploadFieldsFragment> = {}): AudienceUploadFieldsFragment {
  return {
    id: 'upl_1',
    campaignId: 'cmp_1',
    fileName: 'contacts.csv',
    sizeBytes: 2048,
    status: 'MAPPING',
    error: null,
    encoding: 'utf-8',
    delimiter: ',',
    columns: ['Ref', 'Mobile', 'Account'],
    suggestedMapping: [
      { column: 'Ref', field: 'IDENTIFIER', customKey: null, confidence: 0.7 },
      { column: 'Mobile', field: 'PHONE', customKey: null, confidence: 1 },
      { column: 'Account', field: 'COMPANY', customKey: null, confidence: 0.85 },
    ],
    mapping: null,
    mappingFromMemory: false,
    options: { __typename: 'UploadOptions', duplicatePolicy: 'BLOCK', duplicateKey: 'PHONE', defaultRegion: 'US', requireConsent: false, checkActiveCampaigns: false } as AudienceUploadFieldsFragment['options'],
    preview: [
      { rowNumber: 2, cells: [cell('Ref', 'R-1'), cell('Mobile', '415-555-2671'), cell('Account', '0015g1')], issues: [] },
      {
        rowNumber: 3,
        cells: [cell('Ref', 'R-2'), cell('Mobile', '4.15E+09'), cell('Account', '0015g2')],
        issues: [{ code: 'PHONE_PRECISION_LOST', severity: 'ERROR', column: 'Mobile', message: 'Digits lost to scientific notation.' }],
      },
    ],
    progress: { rowsRead: 2, rowsValidated: 0, chunksTotal: 0, chunksDone: 0 },
    counts: null,
    rejectionReportUrl: null,
    rejectionsAcknowledged: false,
    rejectionsAcknowledgement: null,
    sameFileAs: null,
    notes: [],
    validationRun: 0,
    receivedAt: '2026-12-08T00:00:00Z',
    mappedAt: null,
    stagedAt: null,
    updatedAt: '2026-12-08T00:00:00Z',
    ...overrides,
  };
}

describe('the mapping grid', () => {
  it('shows each column with samples, the suggestion and its confidence', () => {
    render(<MappingForm upload={upload()} scheduleMode={null} readOnly={false} confirming={false} onConfirm={() => {}} />);
    const grid = screen.getByRole('table', { name: 'Column mapping' });
    const account = within(grid).getByRole('row', { name: /Account/ });
    expect(account.textContent).toContain('0015g1');
    expect(account.textContent).toContain('Company 85%');
    expect((screen.getByRole('combobox', { name: 'Field for column Account' }) as HTMLSelectElement).value).toBe('COMPANY');
  });

  it('marks the time zone required for a contact-local schedule and keeps Confirm disabled with the reason', () => {
    render(<MappingForm upload={upload()} scheduleMode="CONTACT_LOCAL" readOnly={false} confirming={false} onConfirm={() => {}} />);
    const required = screen.getByLabelText('Required fields');
    expect(required.textContent).toContain('Identifier from "Ref"');
    expect(required.textContent).toContain('Phone from "Mobile"');
    expect(required.textContent).toContain('Time zone (not mapped)');
    const picker = screen.getByRole('combobox', { name: 'Field for column Mobile' });
    expect(within(picker).getByRole('option', { name: 'Time zone (required)' })).toBeTruthy();
    expect(within(within(screen.getByRole('table', { name: 'Column mapping' })).getByRole('row', { name: /Mobile/ })).getByText('required')).toBeTruthy();

    const confirm = screen.getByRole('button', { name: 'Confirm mapping' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    const reason = document.getElementById(confirm.getAttribute('aria-describedby')!.split(' ')[0])!;
    expect(reason.textContent).toContain('Time zone is required');
  });

  it('explains a field mapped twice, and enables Confirm once it is fixed, sending only input fields', () => {
    const onConfirm = vi.fn();
    render(<MappingForm upload={upload()} scheduleMode={null} readOnly={false} confirming={false} onConfirm={onConfirm} />);
    fireEvent.change(screen.getByRole('combobox', { name: 'Field for column Account' }), { target: { value: 'PHONE' } });
    const confirm = screen.getByRole('button', { name: 'Confirm mapping' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    expect(document.getElementById(confirm.getAttribute('aria-describedby')!)!.textContent).toContain('Phone is mapped twice (columns "Mobile" and "Account")');

    fireEvent.change(screen.getByRole('combobox', { name: 'Field for column Account' }), { target: { value: 'CRM_ID' } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    expect(onConfirm).toHaveBeenCalledWith({
      mapping: [
        { column: 'Ref', field: 'IDENTIFIER' },
        { column: 'Mobile', field: 'PHONE' },
        { column: 'Account', field: 'CRM_ID' },
      ],
      options: { duplicatePolicy: 'BLOCK', duplicateKey: 'PHONE', defaultRegion: 'US', requireConsent: false, checkActiveCampaigns: false },
    });
  });

  it('asks for a key when a column becomes a custom attribute', () => {
    render(<MappingForm upload={upload()} scheduleMode={null} readOnly={false} confirming={false} onConfirm={() => {}} />);
    fireEvent.change(screen.getByRole('combobox', { name: 'Field for column Account' }), { target: { value: 'CUSTOM' } });
    expect(screen.getByRole('textbox', { name: 'Custom key for column Account' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Confirm mapping' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('marks a problem cell of the preview as an error, focusable and described by its message', () => {
    render(<MappingForm upload={upload()} scheduleMode={null} readOnly={false} confirming={false} onConfirm={() => {}} />);
    const cellEl = within(screen.getByRole('table', { name: 'Preview of the first rows' })).getByRole('cell', { name: /4\.15E\+09/ });
    expect(cellEl.getAttribute('tabindex')).toBe('0');
    expect(cellEl.getAttribute('data-severity')).toBe('ERROR');
    expect(document.getElementById(cellEl.getAttribute('aria-describedby')!)!.textContent).toBe('Error: Digits lost to scientific notation.');
  });

  it('disables every control when read-only, pointing at the reason', () => {
    render(
      <>
        <span id="why">Your role (SDR_LEAD) can view but not change campaigns.</span>
        <MappingForm upload={upload()} scheduleMode={null} readOnly reasonId="why" confirming={false} onConfirm={() => {}} />
      </>,
    );
    for (const control of [...screen.getAllByRole('combobox'), ...screen.getAllByRole('checkbox'), screen.getByRole('textbox', { name: 'Default region' })]) {
      expect((control as HTMLInputElement).disabled).toBe(true);
      expect(control.getAttribute('aria-describedby')).toContain('why');
    }
    const confirm = screen.getByRole('button', { name: 'Confirm mapping' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    expect(confirm.getAttribute('aria-describedby')).toContain('why');
  });
});
