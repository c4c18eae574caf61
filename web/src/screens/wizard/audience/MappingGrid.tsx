import type { AudienceUploadFieldsFragment } from '../../../gql/graphql';
import {
  FIELDS,
  changeRow,
  duplicatedColumns,
  fieldLabel,
  formatConfidence,
  isRequired,
  requiredFields,
  sampleValues,
  type ContactField,
  type MappingRow,
  type ScheduleMode,
} from './mappingRules';

type Upload = Pick<AudienceUploadFieldsFragment, 'columns' | 'suggestedMapping' | 'preview' | 'mappingFromMemory'>;

/** One row per column of the file: samples, the server's suggestion with its confidence, and the field it goes to. */
export function MappingGrid({
  upload,
  rows,
  onChange,
  scheduleMode,
  readOnly,
  reasonId,
}: {
  upload: Upload;
  rows: MappingRow[];
  onChange: (rows: MappingRow[]) => void;
  scheduleMode: ScheduleMode | null;
  readOnly: boolean;
  reasonId?: string;
}) {
  const required = requiredFields(scheduleMode);
  const twice = duplicatedColumns(rows);
  const disabledBy = readOnly ? reasonId : undefined;

  return (
    <>
      <div className="required-fields" aria-label="Required fields">
        <span>Required fields:</span>
        <ul>
          {required.map((f) => {
            const from = rows.filter((r) => r.field === f).map((r) => r.column);
            return (
              <li key={f} className={from.length > 0 ? 'required-ok' : 'required-missing'}>
                <span aria-hidden="true">{from.length > 0 ? '✓ ' : '✖ '}</span>
                <strong>{fieldLabel(f)}</strong>{' '}
                {from.length > 0 ? `from ${from.map((c) => `"${c}"`).join(', ')}` : '(not mapped)'}
              </li>
            );
          })}
        </ul>
        {scheduleMode === 'CONTACT_LOCAL' && <p className="hint">Time zone is required because the schedule calls each contact in their own time zone.</p>}
      </div>
      <div className="table-wrap">
        <table className="mapping-grid">
          <caption className="visually-hidden">Column mapping</caption>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Sample values</th>
              <th scope="col">Suggested</th>
              <th scope="col">Field</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const suggestion = upload.suggestedMapping.find((s) => s.column === row.column);
              const samples = sampleValues(upload.preview, row.column, 3);
              const changed = suggestion && suggestion.field !== row.field;
              const problem = twice.has(row.column);
              return (
                <tr key={row.column} className={problem ? 'mapping-row-problem' : undefined}>
                  <th scope="row">
                    {row.column}
                    {isRequired(row.field, scheduleMode) && <span className="chip chip-attention required-chip">required</span>}
                  </th>
                  <td className="samples" data-label="Sample values">
                    {samples.length === 0 ? <span className="hint">(empty in the preview)</span> : samples.map((v, i) => <code key={i}>{v}</code>)}
                  </td>
                  <td className="suggested" data-label="Suggested">
                    {suggestion ? (
                      <>
                        {suggestion.field === 'IGNORE' && !suggestion.confidence ? (
                          'No match'
                        ) : (
                          <>
                            {fieldLabel(suggestion.field)} <span className="confidence">{formatConfidence(suggestion.confidence)}</span>
                          </>
                        )}
                        {changed && <span className="hint"> (changed)</span>}
                      </>
                    ) : (
                      <span className="hint">none</span>
                    )}
                  </td>
                  <td className="field-picker" data-label="Field">
                    <select
                      aria-label={`Field for column ${row.column}`}
                      value={row.field}
                      disabled={readOnly}
                      aria-describedby={disabledBy}
                      aria-invalid={problem || undefined}
                      onChange={(e) => onChange(changeRow(rows, row.column, { field: e.target.value as ContactField }))}
                    >
                      {FIELDS.map((f) => (
                        <option key={f.field} value={f.field}>
                          {f.label}
                          {required.includes(f.field) ? ' (required)' : ''}
                        </option>
                      ))}
                    </select>
                    {row.field === 'CUSTOM' && (
                      <input
                        type="text"
                        className="custom-key"
                        aria-label={`Custom key for column ${row.column}`}
                        placeholder="key, e.g. region"
                        value={row.customKey}
                        disabled={readOnly}
                        aria-describedby={disabledBy}
                        onChange={(e) => onChange(changeRow(rows, row.column, { customKey: e.target.value }))}
                      />
                    )}
                    {problem && <span className="mapping-twice">Mapped twice</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
