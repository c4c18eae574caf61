import type { Role } from '../../../app/session';

/** Why the audience panels cannot change the audience (the wizard says read-only; this says why). */
export function audienceReadOnlyReason(roles: readonly Role[], status: string | null | undefined): string {
  if (!roles.includes('SALES_OPS')) return 'Changing the audience needs the SALES_OPS role: you can look, not change.';
  if (status && status !== 'DRAFT') return `This campaign is ${status.toLowerCase()}: its audience can no longer change.`;
  return 'This draft is read-only here: its audience cannot be changed now.';
}
