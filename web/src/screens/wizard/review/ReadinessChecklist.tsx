import { STEP_LABELS, stepFixing, type WizardStep } from '../stepGate';

export interface Check {
  key: string;
  passed: boolean;
  message: string;
}

/**
 * Every readiness check, passed or not, with the server's message. With `fixHref`, a failing check links
 * to the wizard step that fixes it (sign-offs are given on the Review step itself).
 */
export function ReadinessChecklist({ checks, onFix, fixHref, label = 'Readiness checks' }: { checks: readonly Check[]; onFix?: (step: WizardStep) => void; fixHref?: string; label?: string }) {
  return (
    <ul className="checklist" aria-label={label}>
      {checks.map((c) => {
        const step = stepFixing(c.key);
        return (
          <li key={c.key} className={c.passed ? 'check-passed' : 'check-failed'}>
            <span className="check-icon" aria-hidden="true">
              {c.passed ? '✓' : '✗'}
            </span>
            <span>
              <strong>{c.passed ? 'Passed' : 'Not passed'}:</strong> {c.message} <span className="check-key">({c.key})</span>
            </span>
            {!c.passed && onFix && fixHref && step && (
              <a
                href={fixHref}
                onClick={(e) => {
                  e.preventDefault();
                  onFix(step);
                }}
              >
                Fix in {STEP_LABELS[step]}
              </a>
            )}
            {!c.passed && onFix && c.key.startsWith('signoff.') && <a href="#signoffs">Sign off below</a>}
          </li>
        );
      })}
    </ul>
  );
}
