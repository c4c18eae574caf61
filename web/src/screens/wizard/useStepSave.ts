import { useState, type FormEvent } from 'react';
import type { Outcome, StepProps } from './stepProps';

/**
 * How a step saves its form: against the version it was loaded at (the server answers VERSION_CONFLICT when
 * someone saved in between, and the wizard reloads), handing the answer to the wizard. Gives the form's submit
 * handler, why saving is not possible now (read-only, or the form's problems), the error to show and whether
 * the form is saved.
 *
 * `send` runs the step's mutation with the version to expect and answers its campaign and error.
 */
export function useStepSave({ campaign, readOnly, report }: StepProps, problems: string[], send: (expectedVersion: number) => Promise<Outcome>) {
  const [baseVersion, setBaseVersion] = useState(campaign.version);
  const [error, setError] = useState<Outcome['error']>();
  const [saved, setSaved] = useState(false);
  const saveReason = readOnly !== null ? readOnly : problems.length > 0 ? problems.join(' ') : null;

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (saveReason !== null) return;
    setError(undefined);
    const answer = await send(baseVersion);
    const { ok, error: shown } = await report(answer);
    setError(shown);
    if (ok && answer.campaign) {
      setBaseVersion(answer.campaign.version);
      setSaved(true);
    }
  };

  return { submit, saveReason, error, saved, setSaved };
}
