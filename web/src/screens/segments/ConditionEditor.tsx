import type { SegmentField, SegmentOperator } from '../../gql/graphql';
import { fields, operators, type ConditionRow } from './segmentConditions';

/** One condition of the builder: field, operator, key (custom attributes) and values. */
export function ConditionEditor({
  index,
  row,
  onChange,
  onRemove,
  canRemove,
}: {
  index: number;
  row: ConditionRow;
  onChange: (row: ConditionRow) => void;
  onRemove: () => void;
  canRemove: boolean;
}) {
  const n = index + 1;
  const id = `condition-${n}`;
  const hint = fields.find((f) => f.value === row.field)?.hint;
  const forN = <span className="visually-hidden"> for condition {n}</span>;
  return (
    <div className="condition-row" role="group" aria-label={`Condition ${n}`}>
      <div>
        <label htmlFor={`${id}-field`}>Field{forN}</label>
        <select id={`${id}-field`} value={row.field} onChange={(e) => onChange({ ...row, field: e.target.value as SegmentField })}>
          {fields.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      {row.field === 'CUSTOM' && (
        <div>
          <label htmlFor={`${id}-key`}>Key{forN}</label>
          <input id={`${id}-key`} value={row.key} onChange={(e) => onChange({ ...row, key: e.target.value })} placeholder="e.g. region" />
        </div>
      )}
      <div>
        <label htmlFor={`${id}-operator`}>Operator{forN}</label>
        <select id={`${id}-operator`} value={row.operator} onChange={(e) => onChange({ ...row, operator: e.target.value as SegmentOperator })}>
          {operators.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      {row.operator !== 'EXISTS' && (
        <div>
          <label htmlFor={`${id}-values`}>Values{forN}</label>
          <input
            id={`${id}-values`}
            value={row.values}
            onChange={(e) => onChange({ ...row, values: e.target.value })}
            aria-describedby={`${id}-hint`}
            placeholder={row.operator === 'IN' ? 'a, b, c' : 'one value'}
          />
        </div>
      )}
      <div className="remove">
        <button type="button" onClick={onRemove} disabled={!canRemove} aria-label={`Remove condition ${n}`}>
          Remove
        </button>
      </div>
      <span id={`${id}-hint`} className="hint">
        {hint}
        {row.operator === 'IN' ? '. Separate values with commas.' : row.operator === 'EXISTS' ? '. Matches contacts that have any value.' : '.'}
        {' '}Text compares ignore case and surrounding spaces.
      </span>
    </div>
  );
}
