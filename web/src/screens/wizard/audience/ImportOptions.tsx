import { useId } from 'react';
import type { DuplicateKey, DuplicatePolicy } from '../../../gql/graphql';

export interface ImportOptionsValue {
  duplicatePolicy: DuplicatePolicy;
  duplicateKey: DuplicateKey;
  defaultRegion: string;
  requireConsent: boolean;
  checkActiveCampaigns: boolean;
}

const POLICIES: { value: DuplicatePolicy; label: string; explain: string }[] = [
  { value: 'KEEP_FIRST', label: 'Keep the first', explain: 'The first row of each duplicate group is kept; later ones are excluded.' },
  { value: 'KEEP_LAST', label: 'Keep the last', explain: 'The last row of each duplicate group is kept (the newest data usually comes last).' },
  { value: 'EXCLUDE_ALL', label: 'Exclude all', explain: 'Every row of a duplicate group is excluded: nobody ambiguous is called.' },
  { value: 'BLOCK', label: 'Block launch', explain: 'The first row is kept, but the campaign cannot launch until the file has no duplicates.' },
];

/** How the file is judged: duplicates, the region of numbers without a country code, consent, other campaigns. */
export function ImportOptions({
  value,
  onChange,
  readOnly,
  reasonId,
}: {
  value: ImportOptionsValue;
  onChange: (value: ImportOptionsValue) => void;
  readOnly: boolean;
  reasonId?: string;
}) {
  const policyId = useId();
  const keyId = useId();
  const regionId = useId();
  const policyHelpId = useId();
  const regionHelpId = useId();
  const disabledBy = readOnly ? reasonId : undefined;
  const set = (change: Partial<ImportOptionsValue>) => onChange({ ...value, ...change });
  const policy = POLICIES.find((p) => p.value === value.duplicatePolicy);

  return (
    <fieldset className="import-options">
      <legend>Import options</legend>
      <div className="grid-2">
        <div>
          <label htmlFor={policyId}>Duplicate policy</label>
          <select
            id={policyId}
            value={value.duplicatePolicy}
            disabled={readOnly}
            aria-describedby={[policyHelpId, disabledBy].filter(Boolean).join(' ')}
            onChange={(e) => set({ duplicatePolicy: e.target.value as DuplicatePolicy })}
          >
            {POLICIES.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
          <p id={policyHelpId} className="hint">
            {policy?.explain}
          </p>
        </div>
        <div>
          <label htmlFor={keyId}>Duplicate key</label>
          <select id={keyId} value={value.duplicateKey} disabled={readOnly} aria-describedby={disabledBy} onChange={(e) => set({ duplicateKey: e.target.value as DuplicateKey })}>
            <option value="PHONE">Phone number (one call per number)</option>
            <option value="IDENTIFIER">Identifier (one call per contact)</option>
          </select>
        </div>
        <div>
          <label htmlFor={regionId}>Default region</label>
          <input
            id={regionId}
            type="text"
            inputMode="text"
            autoCapitalize="characters"
            maxLength={2}
            size={4}
            value={value.defaultRegion}
            disabled={readOnly}
            aria-describedby={[regionHelpId, disabledBy].filter(Boolean).join(' ')}
            onChange={(e) => set({ defaultRegion: e.target.value.toUpperCase() })}
          />
          <p id={regionHelpId} className="hint">
            Two-letter country code (US, GB, DE) for numbers written without +country.
          </p>
        </div>
        <div className="checkboxes">
          <label className="inline">
            <input type="checkbox" checked={value.requireConsent} disabled={readOnly} aria-describedby={disabledBy} onChange={(e) => set({ requireConsent: e.target.checked })} />
            Require consent
          </label>
          <p className="hint">Rows without consent GRANTED in a consent column are suppressed.</p>
          <label className="inline">
            <input
              type="checkbox"
              checked={value.checkActiveCampaigns}
              disabled={readOnly}
              aria-describedby={disabledBy}
              onChange={(e) => set({ checkActiveCampaigns: e.target.checked })}
            />
            Exclude phones active in other campaigns
          </label>
          <p className="hint">Numbers already being called by a launched campaign are suppressed here.</p>
        </div>
      </div>
    </fieldset>
  );
}
