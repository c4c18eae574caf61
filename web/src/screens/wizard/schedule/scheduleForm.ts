/** The Schedule step's form: its values before they are saved, and what to warn about. */

export type ScheduleMode = 'CONTACT_LOCAL' | 'FIXED_TIMEZONE';
export type Day = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';

export const DAYS: readonly { day: Day; label: string }[] = [
  { day: 'MON', label: 'Mon' },
  { day: 'TUE', label: 'Tue' },
  { day: 'WED', label: 'Wed' },
  { day: 'THU', label: 'Thu' },
  { day: 'FRI', label: 'Fri' },
  { day: 'SAT', label: 'Sat' },
  { day: 'SUN', label: 'Sun' },
];

export interface ScheduleValues {
  mode: ScheduleMode;
  timezone: string;
  windowStart: string;
  windowEnd: string;
  days: Day[];
  startDate: string;
}

export interface StoredSchedule {
  mode: ScheduleMode;
  timezone?: string | null;
  windowStart: string;
  windowEnd: string;
  days: readonly Day[];
  startDate: string;
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The first day a schedule may start: today where the person is, but never before today in UTC,
 * which is what the server compares against (west of Greenwich, evenings are already tomorrow there).
 */
export function earliestStartDate(now: Date = new Date()): string {
  const local = isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
  const utc = isoDate(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate());
  return utc > local ? utc : local;
}

/** The form's values: the stored schedule, or a working-hours default when there is none yet. */
export function initialSchedule(stored: StoredSchedule | null | undefined, localZone: string, now: Date = new Date()): ScheduleValues {
  if (stored) {
    return {
      mode: stored.mode,
      timezone: stored.timezone ?? localZone,
      windowStart: stored.windowStart,
      windowEnd: stored.windowEnd,
      days: [...stored.days],
      startDate: stored.startDate,
    };
  }
  return { mode: 'CONTACT_LOCAL', timezone: localZone, windowStart: '09:00', windowEnd: '17:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], startDate: earliestStartDate(now) };
}

/** What setSchedule receives: days in week order, a time zone only for a fixed-zone schedule. */
export function scheduleInput(values: ScheduleValues) {
  return {
    mode: values.mode,
    timezone: values.mode === 'FIXED_TIMEZONE' ? values.timezone.trim() : null,
    windowStart: values.windowStart,
    windowEnd: values.windowEnd,
    days: DAYS.map((d) => d.day).filter((d) => values.days.includes(d)),
    startDate: values.startDate,
  };
}

export function toggleDay(days: readonly Day[], day: Day, on: boolean): Day[] {
  const rest = days.filter((d) => d !== day);
  return on ? [...rest, day] : rest;
}

/** Problems the person can fix before sending (the server checks again and says its own words). */
export function scheduleProblems(values: ScheduleValues, zones: readonly string[]): string[] {
  const problems: string[] = [];
  if (values.days.length === 0) problems.push('Choose at least one day.');
  if (values.windowStart && values.windowEnd && values.windowEnd <= values.windowStart) problems.push('Window end must be later than window start.');
  if (!values.startDate) problems.push('Choose a start date.');
  if (values.mode === 'FIXED_TIMEZONE') {
    const zone = values.timezone.trim();
    if (!zone) problems.push('Choose a time zone for a fixed-time-zone schedule.');
    else if (zones.length > 0 && !zones.includes(zone)) problems.push(`"${zone}" is not an IANA time zone name such as America/New_York.`);
  }
  return problems;
}

/** Whether the form says something other than what is stored. */
export function isDirty(values: ScheduleValues, stored: StoredSchedule | null | undefined): boolean {
  if (!stored) return true;
  const a = scheduleInput(values);
  const b = scheduleInput({ ...initialSchedule(stored, ''), timezone: stored.timezone ?? '' });
  return JSON.stringify(a) !== JSON.stringify(b);
}

/** The warning a contact-local schedule earns when some contacts have no time zone. */
export function timezoneWarning(mode: ScheduleMode, timezoneMissing: number | null | undefined): string | null {
  if (mode !== 'CONTACT_LOCAL' || !timezoneMissing) return null;
  const n = new Intl.NumberFormat('en-US').format(timezoneMissing);
  return timezoneMissing === 1
    ? '1 contact has no time zone and cannot be called with contact-local times. Choose a fixed time zone, or fix the contact list.'
    : `${n} contacts have no time zone and cannot be called with contact-local times. Choose a fixed time zone, or fix the contact list.`;
}

/** IANA zone names the browser knows (UTC included), for the picker. */
export function knownZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}
