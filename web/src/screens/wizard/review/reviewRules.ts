/** Who may sign off and launch on the Review step, and why not. */
import type { Role } from '../../../app/session';

export type SignOffRole = 'OWNER' | 'COMPLIANCE';

export interface Person {
  userId: string;
  roles: readonly Role[];
}

/** Why this person cannot give this sign-off now (null: they can). */
export function signOffBlocked(role: SignOffRole, person: Person, campaign: { ownerId: string; status: string }): string | null {
  if (campaign.status !== 'DRAFT') return `This campaign is ${campaign.status}: sign-offs are closed.`;
  if (role === 'OWNER' && person.userId !== campaign.ownerId) return `Only the campaign owner (${campaign.ownerId}) can sign off as owner.`;
  if (role === 'COMPLIANCE' && !person.roles.includes('COMPLIANCE')) return 'Signing off as compliance needs the COMPLIANCE role.';
  return null;
}

/** Why the draft cannot be launched now (null: it can). */
export function launchBlocked(readOnly: string | null, ready: boolean, failing: number): string | null {
  if (readOnly) return readOnly;
  if (!ready) return failing === 1 ? '1 readiness check has not passed yet.' : `${failing} readiness checks have not passed yet.`;
  return null;
}

/** "Launch and create 1,234 dial tasks?" */
export function launchQuestion(contactCount: number): string {
  const n = new Intl.NumberFormat('en-US').format(contactCount);
  return contactCount === 1 ? 'Launch and create 1 dial task?' : `Launch and create ${n} dial tasks?`;
}
