import type { StepLink, WizardStep } from './stepGate';

/** Where the person is in the wizard: done steps can be revisited, the current one is marked. */
export function Stepper({ steps, onGo }: { steps: StepLink[]; onGo: (step: WizardStep) => void }) {
  return (
    <nav aria-label="Wizard steps" className="stepper">
      <ol>
        {steps.map((s, i) => (
          <li key={s.step} className={`stepper-${s.state}`}>
            <span className="stepper-number" aria-hidden="true">
              {s.state === 'done' ? '✓' : i + 1}
            </span>
            {s.state === 'current' ? (
              <span aria-current="step" className="stepper-label">
                {s.label}
              </span>
            ) : s.clickable ? (
              <button type="button" className="link stepper-label" onClick={() => onGo(s.step)}>
                {s.label}
              </button>
            ) : (
              <span className="stepper-label">{s.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
