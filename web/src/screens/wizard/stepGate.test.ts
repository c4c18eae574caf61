import { describe, expect, it } from 'vitest';
import { nextStep, previousStep, readOnlyReason, stepFixing, wizardControls } from './stepGate';

const open = { allowed: true, reasons: [] };
const closed = { allowed: false, reasons: ['Set a schedule (window, days, start date) first.'] };

describe('the order of the wizard steps', () => {
  it('goes Audience, Schedule, Outcomes, Review', () => {
    expect(nextStep('AUDIENCE')).toBe('SCHEDULE');
    expect(nextStep('SCHEDULE')).toBe('OUTCOMES');
    expect(nextStep('OUTCOMES')).toBe('REVIEW');
    expect(nextStep('REVIEW')).toBeNull();
  });

  it('has nothing before Audience', () => {
    expect(previousStep('AUDIENCE')).toBeNull();
    expect(previousStep('REVIEW')).toBe('OUTCOMES');
  });
});

describe('who may change a draft', () => {
  it('lets Sales Ops change a draft', () => {
    expect(readOnlyReason(['SALES_OPS'], 'DRAFT')).toBeNull();
  });

  it('keeps an SDR lead read-only and says which role is needed', () => {
    expect(readOnlyReason(['SDR_LEAD'], 'DRAFT')).toMatch(/SDR_LEAD.*SALES_OPS/);
  });

  it('keeps a launched or cancelled campaign read-only for everyone', () => {
    expect(readOnlyReason(['SALES_OPS'], 'LAUNCHED')).toMatch(/LAUNCHED/);
    expect(readOnlyReason(['SALES_OPS', 'COMPLIANCE'], 'CANCELLED')).toMatch(/CANCELLED/);
  });
});

describe('Next', () => {
  it('is enabled exactly when the server says the step is complete', () => {
    expect(wizardControls({ stored: 'SCHEDULE', canAdvance: open, readOnly: null }).next).toMatchObject({ enabled: true, to: 'OUTCOMES', reasons: [] });
  });

  it('is disabled with the server reasons when the step is not complete', () => {
    const next = wizardControls({ stored: 'SCHEDULE', canAdvance: closed, readOnly: null }).next;
    expect(next.enabled).toBe(false);
    expect(next.reasons).toEqual(closed.reasons);
  });

  it('is disabled with the read-only reason even when the step is complete', () => {
    const next = wizardControls({ stored: 'AUDIENCE', canAdvance: open, readOnly: 'Read-only' }).next;
    expect(next).toMatchObject({ enabled: false, reasons: ['Read-only'] });
  });

  it('is disabled while a step change is on its way', () => {
    expect(wizardControls({ stored: 'AUDIENCE', canAdvance: open, readOnly: null, busy: true }).next.enabled).toBe(false);
  });

  it('goes nowhere from the last step', () => {
    const next = wizardControls({ stored: 'REVIEW', canAdvance: open, readOnly: null }).next;
    expect(next).toMatchObject({ enabled: false, to: null });
  });
});

describe('Back', () => {
  it('is always allowed to an editor after the first step, whatever the gate says', () => {
    expect(wizardControls({ stored: 'OUTCOMES', canAdvance: closed, readOnly: null }).back).toMatchObject({ enabled: true, to: 'SCHEDULE' });
  });

  it('is disabled on the first step', () => {
    expect(wizardControls({ stored: 'AUDIENCE', canAdvance: open, readOnly: null }).back.enabled).toBe(false);
  });

  it('is disabled for a read-only person', () => {
    expect(wizardControls({ stored: 'REVIEW', canAdvance: open, readOnly: 'Read-only' }).back).toMatchObject({ enabled: false, reasons: ['Read-only'] });
  });
});

describe('the step links', () => {
  it('mark the stored step current and let an editor go back to earlier steps only', () => {
    const steps = wizardControls({ stored: 'OUTCOMES', canAdvance: open, readOnly: null }).steps;
    expect(steps.map((s) => [s.step, s.state, s.clickable])).toEqual([
      ['AUDIENCE', 'done', true],
      ['SCHEDULE', 'done', true],
      ['OUTCOMES', 'current', false],
      ['REVIEW', 'upcoming', false],
    ]);
  });

  it('let a read-only person look at any step without storing it', () => {
    const controls = wizardControls({ stored: 'AUDIENCE', viewing: 'REVIEW', canAdvance: open, readOnly: 'Read-only' });
    expect(controls.shown).toBe('REVIEW');
    expect(controls.steps.map((s) => s.clickable)).toEqual([true, true, true, false]);
  });

  it('ignore a viewed step for an editor: the stored step is shown', () => {
    expect(wizardControls({ stored: 'SCHEDULE', viewing: 'REVIEW', canAdvance: open, readOnly: null }).shown).toBe('SCHEDULE');
  });
});

describe('where a readiness check is fixed', () => {
  it('sends upload, rejection, time zone and audience checks to the Audience step', () => {
    for (const key of ['upload.attached', 'rejections.acknowledged', 'timezone.resolved', 'audience.nonempty', 'duplicates.allowed']) {
      expect(stepFixing(key)).toBe('AUDIENCE');
    }
  });

  it('sends schedule and outcome checks to their steps', () => {
    expect(stepFixing('schedule.set')).toBe('SCHEDULE');
    expect(stepFixing('outcomes.set')).toBe('OUTCOMES');
  });

  it('keeps sign-offs on the Review step', () => {
    expect(stepFixing('signoff.owner')).toBeNull();
    expect(stepFixing('signoff.compliance')).toBeNull();
    expect(stepFixing('campaign.draft')).toBeNull();
  });
});
