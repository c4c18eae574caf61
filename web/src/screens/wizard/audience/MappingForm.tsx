import { useId, useMemo, useState } from 'react';
import type { CombinedError } from 'urql';
import type { AudienceUploadFieldsFragment } from '../../../gql/graphql';
import { DisabledReason } from '../../../components/Page';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { initialRows, mappingProblems, toMappingInput, type ContactField, type MappingRow, type ScheduleMode } from './mappingRules';
import { MappingGrid } from './MappingGrid';
import { ImportOptions, type ImportOptionsValue } from './ImportOptions';
import { PreviewTable } from './PreviewTable';

export interface MappingSubmit {
  mapping: { column: string; field: ContactField; customKey?: string }[];
  options: ImportOptionsValue;
}

/** MAPPING: the column grid, the import options and the preview, then "Confirm mapping" (disabled with its reason). */
export function MappingForm({
  upload,
  scheduleMode,
  readOnly,
  reasonId,
  confirming,
  error,
  onConfirm,
}: {
  upload: AudienceUploadFieldsFragment;
  scheduleMode: ScheduleMode | null;
  readOnly: boolean;
  reasonId?: string;
  confirming: boolean;
  error?: CombinedError | null;
  onConfirm: (submit: MappingSubmit) => void;
}) {
  const [rows, setRows] = useState<MappingRow[]>(() => initialRows(upload.columns, upload.mapping ?? upload.suggestedMapping));
  // Only the input's fields (the cached answer also carries __typename, which the input type refuses).
  const [options, setOptions] = useState<ImportOptionsValue>(() => {
    const o = upload.options;
    return { duplicatePolicy: o.duplicatePolicy, duplicateKey: o.duplicateKey, defaultRegion: o.defaultRegion, requireConsent: o.requireConsent, checkActiveCampaigns: o.checkActiveCampaigns };
  });
  const problems = useMemo(() => {
    const list = mappingProblems(rows, scheduleMode);
    if (!/^[A-Za-z]{2}$/.test(options.defaultRegion.trim())) list.push('Default region must be a two-letter country code, such as US or GB.');
    return list;
  }, [rows, scheduleMode, options.defaultRegion]);
  const confirmReasonId = useId();
  const disabled = readOnly || problems.length > 0 || confirming;

  return (
    <div className="mapping-form">
      <h3>Map the columns</h3>
      <MappingGrid upload={upload} rows={rows} onChange={setRows} scheduleMode={scheduleMode} readOnly={readOnly} reasonId={reasonId} />
      <ImportOptions value={options} onChange={setOptions} readOnly={readOnly} reasonId={reasonId} />
      <PreviewTable rows={upload.preview} columns={upload.columns} mapping={rows} />

      <div className="confirm-bar">
        <button
          type="button"
          className="primary"
          disabled={disabled}
          aria-describedby={disabled ? [confirmReasonId, readOnly ? reasonId : undefined].filter(Boolean).join(' ') : undefined}
          onClick={() => onConfirm({ mapping: toMappingInput(rows), options: { ...options, defaultRegion: options.defaultRegion.trim().toUpperCase() } })}
        >
          {confirming ? 'Confirming…' : 'Confirm mapping'}
        </button>
        {disabled && (
          <DisabledReason id={confirmReasonId}>
            {readOnly ? (
              'You can view this mapping but not confirm it.'
            ) : confirming ? (
              'Sending the mapping…'
            ) : (
              <>
                Confirm is not possible yet:
                {problems.map((p) => (
                  <span key={p} className="mapping-problem">
                    {p}
                  </span>
                ))}
              </>
            )}
          </DisabledReason>
        )}
        <ErrorNotice error={error} title="The mapping was not confirmed." />
      </div>
    </div>
  );
}
