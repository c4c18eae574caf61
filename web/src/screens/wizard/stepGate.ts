/**
 * The wizard's stepping rules, kept apart from the screens so they can be read and tested as rules:
 * which step comes next or before, when Next / Back / a step link may be used, and why not.
 * The server decides whether the current step is complete (`canAdvance`); these rules only combine
 * that answer with who is looking and what the campaign's status is.
 */
import type { Role } from '../../app/session';

export type WizardStep = 'AUDIENCE' | 'SCHEDULE' | 'OUTCOMES' | 'REVIEW';

export const STEPS: readonly WizardStep[] = ['AUDIENCE', 'SCHEDULE', 'OUTCOMES', 'REVIEW'];

export const STEP_LABELS: Record<WizardStep, string> = {
  AUDIENCE: 'Audience',
  SCHEDULE: 'Schedule',
  OUTCOMES: 'Outcomes',
  REVIEW: 'Review',
};

export function stepIndex(step: WizardStep): number {
  return STEPS.indexOf(step);
}

export function nextStep(step: WizardStep): WizardStep | null {
  return STEPS[stepIndex(step) + 1] ?? null;
}

export function previousStep(step: WizardStep): WizardStep | null {
  const i = stepIndex(step);
  return i > 0 ? STEPS[i - 1] : null;
}

/** Why this person cannot change this draft, or null when they can. */
export function readOnlyReason(roles: readonly Role[], status: string): string | null {
  if (status !== 'DRAFT') return `This campaign is ${status}: it can no longer be changed.`;
  if (!roles.includes('SALES_OPS')) {
    const role = roles.length > 0 ? roles.join(', ') : 'no role';
    return `Read-only: your role (${role}) can view this draft; changing it needs SALES_OPS.`;
  }
  return null;
}

export interface Gate {
  allowed: boolean;
  reasons: readonly string[];
}

export interface Control {
  enabled: boolean;
  /** Why the control is disabled (empty when it is enabled). */
  reasons: string[];
}

export interface StepLink {
  step: WizardStep;
  label: string;
  state: 'done' | 'current' | 'upcoming';
  /** The link can be followed (a mutation for editors, a view for read-only people). */
  clickable: boolean;
}

export interface WizardControls {
  /** The step on screen. */
  shown: WizardStep;
  next: Control & { to: WizardStep | null };
  back: Control & { to: WizardStep | null };
  steps: StepLink[];
}

export interface WizardInput {
  /** The draft's stored step. */
  stored: WizardStep;
  /** A step a read-only person chose to look at (never stored); ignored for editors. */
  viewing?: WizardStep | null;
  canAdvance: Gate;
  readOnly: string | null;
  /** A step change is on its way to the server. */
  busy?: boolean;
}

/**
 * Editors move through the stored step: Next when the server says the step is complete, Back and
 * earlier step links always. Read-only people may look at any step without changing the draft.
 */
export function wizardControls({ stored, viewing, canAdvance, readOnly, busy = false }: WizardInput): WizardControls {
  const shown = readOnly && viewing ? viewing : stored;
  const to = nextStep(shown);
  const from = previousStep(shown);

  const nextReasons: string[] = [];
  if (readOnly) nextReasons.push(readOnly);
  else if (!to) nextReasons.push('This is the last step.');
  else if (!canAdvance.allowed) nextReasons.push(...(canAdvance.reasons.length ? canAdvance.reasons : ['This step is not complete yet.']));
  const backReasons: string[] = [];
  if (readOnly) backReasons.push(readOnly);
  else if (!from) backReasons.push('This is the first step.');

  const current = stepIndex(shown);
  const steps = STEPS.map((step, i): StepLink => ({
    step,
    label: STEP_LABELS[step],
    state: i < current ? 'done' : i === current ? 'current' : 'upcoming',
    clickable: i !== current && !busy && (readOnly ? true : i < current),
  }));

  return {
    shown,
    next: { to, enabled: nextReasons.length === 0 && !busy, reasons: nextReasons },
    back: { to: from, enabled: backReasons.length === 0 && !busy, reasons: backReasons },
    steps,
  };
}

/** The step where a failing readiness check is fixed (null: it is fixed on the Review step itself). */
export function stepFixing(checkKey: string): WizardStep | null {
  const area = checkKey.split('.')[0];
  switch (area) {
    case 'upload':
    case 'rejections':
    case 'timezone':
    case 'audience':
    case 'duplicates':
      return 'AUDIENCE';
    case 'schedule':
      return 'SCHEDULE';
    case 'outcomes':
      return 'OUTCOMES';
    default:
      return null;
  }
}
