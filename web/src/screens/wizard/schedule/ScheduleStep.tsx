import { useMemo, useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../../gql';
import { DisabledReason } from '../../../components/Page';
import type { StepProps } from '../stepProps';
import { useStepSave } from '../useStepSave';
import { StepSaveActions } from '../StepSaveActions';
import { DAYS, initialSchedule, isDirty, knownZones, scheduleInput, scheduleProblems, timezoneWarning, toggleDay, earliestStartDate, type Day, type ScheduleValues } from './scheduleForm';

const SetSchedule = graphql(`
  mutation WizardSetSchedule($id: ID!, $input: ScheduleInput!, $expectedVersion: Int) {
    setSchedule(campaignId: $id, input: $input, expectedVersion: $expectedVersion) { ...WizardCampaign }
  }
`);

/** When calls may be made: whose clock, which hours, which days, from when. */
export function ScheduleStep({ campaign, readOnly, report }: StepProps) {
  const zones = useMemo(knownZones, []);
  const localZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', []);
  const [values, setValues] = useState<ScheduleValues>(() => initialSchedule(campaign.schedule, localZone));
  const [saving, save] = useMutation(SetSchedule);

  const disabled = readOnly !== null;
  const readOnlyProps = disabled ? { disabled: true, 'aria-describedby': 'wizard-readonly' } : {};
  const problems = scheduleProblems(values, zones);
  const { submit, saveReason, error, saved, setSaved } = useStepSave({ campaign, readOnly, report }, problems, async (expectedVersion) => {
    const result = await save({ id: campaign.id, input: scheduleInput(values), expectedVersion });
    return { campaign: result.data?.setSchedule, error: result.error };
  });
  const dirty = isDirty(values, campaign.schedule);
  const missing = campaign.audience.upload?.counts?.timezoneMissing ?? campaign.audience.directory?.timezoneMissing ?? 0;
  const warning = timezoneWarning(values.mode, missing);
  const set = (patch: Partial<ScheduleValues>) => {
    setSaved(false);
    setValues((v) => ({ ...v, ...patch }));
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">Schedule</h2>
      <p className="hint">When calls may be made. Saving a changed schedule withdraws earlier sign-offs.</p>
      <fieldset>
        <legend>Whose clock the window follows</legend>
        <label className="inline">
          <input type="radio" name="mode" value="CONTACT_LOCAL" checked={values.mode === 'CONTACT_LOCAL'} onChange={() => set({ mode: 'CONTACT_LOCAL' })} {...readOnlyProps} />
          Contact's local time
        </label>
        <label className="inline">
          <input type="radio" name="mode" value="FIXED_TIMEZONE" checked={values.mode === 'FIXED_TIMEZONE'} onChange={() => set({ mode: 'FIXED_TIMEZONE' })} {...readOnlyProps} />
          Fixed time zone
        </label>
        <label htmlFor="schedule-timezone">Time zone</label>
        <input
          id="schedule-timezone"
          list="schedule-zones"
          value={values.timezone}
          onChange={(e) => set({ timezone: e.target.value })}
          disabled={disabled || values.mode !== 'FIXED_TIMEZONE'}
          aria-describedby={disabled ? 'wizard-readonly' : 'schedule-timezone-hint'}
          autoComplete="off"
          size={28}
        />
        <datalist id="schedule-zones">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        {!disabled && (
          <div>
            <DisabledReason id="schedule-timezone-hint">
              {values.mode === 'FIXED_TIMEZONE' ? 'An IANA name such as America/New_York.' : "Used only with a fixed time zone: each contact's own zone applies now."}
            </DisabledReason>
          </div>
        )}
      </fieldset>
      {warning && (
        <p className="notice notice-warning" role="status">
          {warning}
        </p>
      )}
      <fieldset>
        <legend>Calling window</legend>
        <div className="inputs-row">
          <div>
            <label htmlFor="schedule-start">Window start</label>
            <input id="schedule-start" type="time" value={values.windowStart} onChange={(e) => set({ windowStart: e.target.value })} required {...readOnlyProps} />
          </div>
          <div>
            <label htmlFor="schedule-end">Window end</label>
            <input id="schedule-end" type="time" value={values.windowEnd} onChange={(e) => set({ windowEnd: e.target.value })} required {...readOnlyProps} />
          </div>
          <div>
            <label htmlFor="schedule-date">Start date</label>
            <input id="schedule-date" type="date" min={disabled ? undefined : earliestStartDate()} value={values.startDate} onChange={(e) => set({ startDate: e.target.value })} required {...readOnlyProps} />
          </div>
        </div>
      </fieldset>
      <fieldset>
        <legend>Days</legend>
        <div className="days">
          {DAYS.map(({ day, label }) => (
            <label key={day} className="inline">
              <input type="checkbox" checked={values.days.includes(day)} onChange={(e) => set({ days: toggleDay(values.days, day as Day, e.target.checked) })} {...readOnlyProps} />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <StepSaveActions what="Schedule" saving={saving.fetching} reason={saveReason} error={error} status={{ saved, dirty, stored: Boolean(campaign.schedule) }} />
    </form>
  );
}
