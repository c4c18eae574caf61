import { describe, expect, it } from 'vitest';
import { earliestStartDate, initialSchedule, isDirty, scheduleInput, scheduleProblems, timezoneWarning, toggleDay } from './scheduleForm';

describe('the schedule form', () => {
  it('starts from working hours on weekdays, contact-local, today, when nothing is stored', () => {
    const values = initialSchedule(null, 'Europe/Paris', new Date(2026, 11, 8, 10, 0));
    expect(values).toEqual({ mode: 'CONTACT_LOCAL', timezone: 'Europe/Paris', windowStart: '09:00', windowEnd: '17:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], startDate: '2026-12-08' });
  });

  it('shows the stored schedule when there is one', () => {
    const stored = { mode: 'FIXED_TIMEZONE' as const, timezone: 'America/Chicago', windowStart: '10:00', windowEnd: '12:30', days: ['SAT' as const], startDate: '2027-01-04' };
    expect(initialSchedule(stored, 'Europe/Paris')).toEqual({ ...stored, days: ['SAT'] });
    expect(isDirty(initialSchedule(stored, 'Europe/Paris'), stored)).toBe(false);
  });

  it('never proposes a start date before today in UTC', () => {
    const date = earliestStartDate(new Date(Date.UTC(2026, 11, 9, 1, 0)));
    expect(date >= '2026-12-09').toBe(true);
  });

  it('sends days in week order and a time zone only for fixed-zone schedules', () => {
    const values = { mode: 'CONTACT_LOCAL' as const, timezone: 'Europe/Paris', windowStart: '09:00', windowEnd: '17:00', days: toggleDay(['FRI', 'MON'], 'WED', true), startDate: '2027-01-04' };
    expect(scheduleInput(values)).toMatchObject({ timezone: null, days: ['MON', 'WED', 'FRI'] });
    expect(scheduleInput({ ...values, mode: 'FIXED_TIMEZONE' }).timezone).toBe('Europe/Paris');
  });

  it('names what is wrong before sending', () => {
    const values = { mode: 'FIXED_TIMEZONE' as const, timezone: 'Mars/Olympus', windowStart: '17:00', windowEnd: '09:00', days: [], startDate: '2027-01-04' };
    expect(scheduleProblems(values, ['Europe/Paris'])).toEqual([
      'Choose at least one day.',
      'Window end must be later than window start.',
      '"Mars/Olympus" is not an IANA time zone name such as America/New_York.',
    ]);
  });

  it('warns about contacts without a time zone only for contact-local schedules', () => {
    expect(timezoneWarning('CONTACT_LOCAL', 1234)).toMatch(/^1,234 contacts have no time zone and cannot be called with contact-local times/);
    expect(timezoneWarning('FIXED_TIMEZONE', 1234)).toBeNull();
    expect(timezoneWarning('CONTACT_LOCAL', 0)).toBeNull();
  });
});
