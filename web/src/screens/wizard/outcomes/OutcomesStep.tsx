import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../../gql';
import type { StepProps } from '../stepProps';
import { useStepSave } from '../useStepSave';
import { StepSaveActions } from '../StepSaveActions';
import { initialOutcomes, isDirty, outcomesInput, outcomesProblems, type OutcomesValues, type WritebackRow } from './outcomesForm';

const SetOutcomes = graphql(`
  mutation WizardSetOutcomes($id: ID!, $input: OutcomesInput!, $expectedVersion: Int) {
    setOutcomes(campaignId: $id, input: $input, expectedVersion: $expectedVersion) { ...WizardCampaign }
  }
`);

/** What a call can end as, and what goes back to the CRM for each ending. */
export function OutcomesStep({ campaign, readOnly, report }: StepProps) {
  const [values, setValues] = useState<OutcomesValues>(() => initialOutcomes(campaign.outcomes));
  const [saving, save] = useMutation(SetOutcomes);

  const disabled = readOnly !== null;
  const ro = disabled ? { disabled: true, 'aria-describedby': 'wizard-readonly' } : {};
  const problems = outcomesProblems(values);
  const { submit, saveReason, error, saved, setSaved } = useStepSave({ campaign, readOnly, report }, problems, async (expectedVersion) => {
    const result = await save({ id: campaign.id, input: outcomesInput(values), expectedVersion });
    return { campaign: result.data?.setOutcomes, error: result.error };
  });
  const dirty = isDirty(values, campaign.outcomes);
  const update = (change: (v: OutcomesValues) => OutcomesValues) => {
    setSaved(false);
    setValues(change);
  };
  const setDisposition = (i: number, text: string) => update((v) => ({ ...v, dispositions: v.dispositions.map((d, j) => (j === i ? text : d)) }));
  const setRow = (i: number, patch: Partial<WritebackRow>) =>
    update((v) => ({ ...v, writebackFields: v.writebackFields.map((f, j) => (j === i ? { ...f, ...patch } : f)) }));
  const named = values.dispositions.map((d) => d.trim()).filter(Boolean);

  return (
    <form className="card" onSubmit={submit} aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading">Outcomes</h2>
      <p className="hint">How a call can end (dispositions), and what is written back to the CRM. Saving withdraws earlier sign-offs.</p>
      <fieldset>
        <legend>Dispositions</legend>
        <ol className="list-rows">
          {values.dispositions.map((d, i) => (
            <li key={i}>
              <div>
                <label htmlFor={`disposition-${i}`}>Disposition {i + 1}</label>
                <input id={`disposition-${i}`} value={d} onChange={(e) => setDisposition(i, e.target.value)} {...ro} />
              </div>
              <button type="button" onClick={() => update((v) => ({ ...v, dispositions: v.dispositions.filter((_, j) => j !== i) }))} aria-label={`Remove disposition ${i + 1}`} {...ro}>
                Remove
              </button>
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => update((v) => ({ ...v, dispositions: [...v.dispositions, ''] }))} {...ro}>
          Add disposition
        </button>
      </fieldset>
      <fieldset>
        <legend>CRM write-back</legend>
        <label htmlFor="outcomes-crm-object">CRM object</label>
        <input id="outcomes-crm-object" value={values.crmObject} placeholder="e.g. Lead" onChange={(e) => update((v) => ({ ...v, crmObject: e.target.value }))} {...ro} />
        <h3>Write-back fields</h3>
        {values.writebackFields.length === 0 && <p className="hint">No fields are written back yet.</p>}
        {values.writebackFields.map((f, i) => (
          <div className="writeback-row" key={i} role="group" aria-label={`Write-back ${i + 1}`}>
            <div>
              <label htmlFor={`wb-disposition-${i}`}>Write-back {i + 1} disposition</label>
              <select id={`wb-disposition-${i}`} value={f.disposition} onChange={(e) => setRow(i, { disposition: e.target.value })} {...ro}>
                <option value="">Choose…</option>
                {named.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
                {f.disposition && !named.includes(f.disposition) && <option value={f.disposition}>{f.disposition}</option>}
              </select>
            </div>
            <div>
              <label htmlFor={`wb-field-${i}`}>Write-back {i + 1} CRM field</label>
              <input id={`wb-field-${i}`} value={f.crmField} onChange={(e) => setRow(i, { crmField: e.target.value })} {...ro} />
            </div>
            <div>
              <label htmlFor={`wb-value-${i}`}>Write-back {i + 1} value</label>
              <input id={`wb-value-${i}`} value={f.value} onChange={(e) => setRow(i, { value: e.target.value })} {...ro} />
            </div>
            <button type="button" aria-label={`Remove write-back ${i + 1}`} onClick={() => update((v) => ({ ...v, writebackFields: v.writebackFields.filter((_, j) => j !== i) }))} {...ro}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" onClick={() => update((v) => ({ ...v, writebackFields: [...v.writebackFields, { disposition: named[0] ?? '', crmField: '', value: '' }] }))} {...ro}>
          Add write-back field
        </button>
      </fieldset>
      <StepSaveActions what="Outcomes" saving={saving.fetching} reason={saveReason} error={error} status={{ saved, dirty, stored: Boolean(campaign.outcomes) }} />
    </form>
  );
}
