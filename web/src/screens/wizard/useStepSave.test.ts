import { describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { CombinedError } from 'urql';
import { useStepSave } from './useStepSave';
import type { Outcome, WizardCampaign } from './stepProps';

const draft = (version: number) => ({ id: 'cmp_1', version }) as unknown as WizardCampaign;

describe('useStepSave', () => {
  it('saves against the loaded version, then against the version the server answered', async () => {
    const report = vi.fn(async () => ({ ok: true }));
    const send = vi.fn(async (expected: number): Promise<Outcome> => ({ campaign: draft(expected + 1) }));
    const { result } = renderHook(() => useStepSave({ campaign: draft(3), readOnly: null, report }, [], send));
    await act(() => result.current.submit());
    await act(() => result.current.submit());
    expect(send.mock.calls.map((c) => c[0])).toEqual([3, 4]);
    expect(result.current.saved).toBe(true);
    expect(result.current.error).toBeUndefined();
  });

  it('shows the error the wizard hands back and does not count the form as saved', async () => {
    const error = new CombinedError({ graphQLErrors: [{ message: 'Stale', extensions: { code: 'VERSION_CONFLICT' } }] });
    const report = vi.fn(async () => ({ ok: false, error }));
    const { result } = renderHook(() => useStepSave({ campaign: draft(3), readOnly: null, report }, [], async () => ({ error })));
    await act(() => result.current.submit());
    expect(report).toHaveBeenCalledWith({ error });
    expect(result.current.error).toBe(error);
    expect(result.current.saved).toBe(false);
  });

  it('does not send a read-only or invalid form, and says why', async () => {
    const send = vi.fn(async (): Promise<Outcome> => ({}));
    const report = vi.fn(async () => ({ ok: true }));
    const readOnly = renderHook(() => useStepSave({ campaign: draft(1), readOnly: 'Read-only.', report }, ['Bad.'], send)).result;
    const invalid = renderHook(() => useStepSave({ campaign: draft(1), readOnly: null, report }, ['Pick a day.', 'Set a window.'], send)).result;
    await act(() => readOnly.current.submit());
    await act(() => invalid.current.submit());
    expect(send).not.toHaveBeenCalled();
    expect(readOnly.current.saveReason).toBe('Read-only.');
    expect(invalid.current.saveReason).toBe('Pick a day. Set a window.');
  });
});
