import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount } from '../../components/format';
import { parsePhoneList } from './phoneList';

const AddMutation = graphql(`
  mutation ComplianceAddSuppressions($phones: [String!]!, $reason: String, $defaultRegion: String) {
    addSuppressions(phones: $phones, reason: $reason, defaultRegion: $defaultRegion) {
      added
      removed
      invalid
      version
    }
  }
`);

interface Outcome {
  tried: number;
  added: number;
  invalid: string[];
}

/** "Add numbers": a box of pasted numbers, a reason and the region for numbers without +country. */
export function AddSuppressions({ onChanged }: { onChanged: (version: number) => void }) {
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [region, setRegion] = useState('US');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [result, add] = useMutation(AddMutation);
  const phones = parsePhoneList(text);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (phones.length === 0) return;
    const answer = await add({ phones, reason: reason.trim() || null, defaultRegion: region.trim() || null });
    const data = answer.data?.addSuppressions;
    if (data) {
      setOutcome({ tried: phones.length, added: data.added, invalid: data.invalid });
      onChanged(data.version);
      setText('');
    }
  }

  return (
    <form className="card suppression-form" onSubmit={submit} aria-labelledby="add-numbers-title">
      <h2 id="add-numbers-title">Add numbers</h2>
      <label htmlFor="suppress-phones">Phone numbers to suppress</label>
      <textarea
        id="suppress-phones"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby="suppress-phones-hint"
        spellCheck={false}
      />
      <p id="suppress-phones-hint" className="hint">
        One per line or comma-separated. {phones.length > 0 ? `${formatCount(phones.length)} distinct value${phones.length === 1 ? '' : 's'} to add.` : ''}
      </p>
      <div className="fields">
        <div>
          <label htmlFor="suppress-reason">Reason</label>
          <input id="suppress-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. asked not to be called" />
        </div>
        <div>
          <label htmlFor="suppress-region">Default region</label>
          <input
            id="suppress-region"
            value={region}
            onChange={(e) => setRegion(e.target.value.toUpperCase())}
            aria-describedby="suppress-region-hint"
            maxLength={2}
            autoComplete="off"
          />
          <span id="suppress-region-hint" className="hint">
            Country for numbers written without +country (two letters).
          </span>
        </div>
      </div>
      <div className="row" style={{ marginTop: '0.8rem' }}>
        <button type="submit" className="primary" disabled={phones.length === 0 || result.fetching} aria-describedby="suppress-submit-why">
          {result.fetching ? 'Adding…' : 'Add to suppression list'}
        </button>
        {phones.length === 0 && (
          <span id="suppress-submit-why" className="hint">
            Type or paste at least one number first.
          </span>
        )}
      </div>
      <ErrorNotice error={result.error} title="The numbers were not added" />
      {outcome && !result.error && <AddOutcome outcome={outcome} />}
    </form>
  );
}

function AddOutcome({ outcome }: { outcome: Outcome }) {
  const already = outcome.tried - outcome.invalid.length - outcome.added;
  return (
    <div className={`notice ${outcome.invalid.length > 0 ? 'notice-warning' : 'notice-good'}`} role="status">
      <p style={{ margin: 0 }}>
        Added {formatCount(outcome.added)} number{outcome.added === 1 ? '' : 's'} to the suppression list.
        {already > 0 && ` ${formatCount(already)} ${already === 1 ? 'was' : 'were'} already on the list (or the same number written twice).`}
      </p>
      {outcome.invalid.length > 0 && (
        <>
          <p style={{ margin: '0.4rem 0 0' }}>
            {formatCount(outcome.invalid.length)} invalid value{outcome.invalid.length === 1 ? ' is' : 's are'} not a dialable
            phone number; nothing was stored for {outcome.invalid.length === 1 ? 'it' : 'them'}:
          </p>
          <ul className="invalid-values" aria-label="Invalid values">
            {outcome.invalid.map((v) => (
              <li key={v}>
                <code>{v}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
