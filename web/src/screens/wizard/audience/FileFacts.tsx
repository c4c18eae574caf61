import { useId, useState } from 'react';
import type { AudienceUploadFieldsFragment } from '../../../gql/graphql';
import { formatBytes, formatTime } from '../../../components/format';
import { delimiterName } from './ContactFileChooser';

export interface ReadSettings {
  encoding: string;
  delimiter: string;
}

const ENCODINGS = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'windows-1252', label: 'Windows-1252 (older Excel)' },
  { value: 'utf-16le', label: 'UTF-16 LE (Excel "Unicode text")' },
  { value: 'utf-16be', label: 'UTF-16 BE' },
  { value: 'iso-8859-1', label: 'ISO-8859-1 (Latin-1)' },
  { value: 'iso-8859-15', label: 'ISO-8859-15 (Latin-9)' },
];
const DELIMITERS = [',', ';', '\t', '|'];

/** What the server found in the file: name, size, encoding and delimiter (changeable: the file is read again), and warnings. */
export function FileFacts({
  upload,
  editable,
  readOnly,
  reasonId,
  canReadAgain,
  busy,
  onReadAgain,
}: {
  upload: AudienceUploadFieldsFragment;
  editable: boolean;
  readOnly: boolean;
  reasonId?: string;
  canReadAgain: boolean;
  busy: boolean;
  onReadAgain: (settings: ReadSettings) => void;
}) {
  const [encoding, setEncoding] = useState(upload.encoding);
  const [delimiter, setDelimiter] = useState(upload.delimiter);
  const encodingId = useId();
  const delimiterId = useId();
  const changed = encoding !== upload.encoding || delimiter !== upload.delimiter;
  const encodings = ENCODINGS.some((e) => e.value === upload.encoding) ? ENCODINGS : [{ value: upload.encoding, label: upload.encoding }, ...ENCODINGS];
  const disabledBy = readOnly ? reasonId : undefined;

  return (
    <div className="card file-facts">
      <dl className="facts">
        <dt>File</dt>
        <dd>{upload.fileName}</dd>
        <dt>Size</dt>
        <dd>{formatBytes(upload.sizeBytes)}</dd>
        <dt>Received</dt>
        <dd>{formatTime(upload.receivedAt)}</dd>
        <dt>Encoding</dt>
        <dd>{upload.encoding || '—'}</dd>
        <dt>Delimiter</dt>
        <dd>{upload.delimiter ? delimiterName(upload.delimiter) : '—'}</dd>
        <dt>Columns</dt>
        <dd>{upload.columns.length}</dd>
      </dl>

      {upload.mappingFromMemory && (
        <p className="notice notice-info">Mapping recalled from your last upload with these columns. Check it before you confirm.</p>
      )}
      {upload.sameFileAs && (
        <p className="notice notice-warning" role="status">
          <strong>This exact file was uploaded before</strong>
          {' '}to "{upload.sameFileAs.campaignName ?? upload.sameFileAs.campaignId}" on {formatTime(upload.sameFileAs.receivedAt)} (that upload is{' '}
          {upload.sameFileAs.status}). Make sure you are not calling the same people twice.
        </p>
      )}
      {upload.notes.length > 0 && (
        <div className="notice notice-muted">
          <strong>Noticed while reading the file</strong>
          <ul>
            {upload.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </div>
      )}

      {editable && (
        <div className="read-settings">
          <p className="hint">If accents look wrong or the columns are split badly in the preview, read the file again with another encoding or delimiter.</p>
          <div className="row">
            <div>
              <label htmlFor={encodingId}>Encoding</label>
              <select id={encodingId} value={encoding} onChange={(e) => setEncoding(e.target.value)} disabled={readOnly} aria-describedby={disabledBy}>
                {encodings.map((e) => (
                  <option key={e.value} value={e.value}>
                    {e.label}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={delimiterId}>Delimiter</label>
              <select id={delimiterId} value={delimiter} onChange={(e) => setDelimiter(e.target.value)} disabled={readOnly} aria-describedby={disabledBy}>
                {DELIMITERS.map((d) => (
                  <option key={d} value={d}>
                    {delimiterName(d)}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="read-again"
              disabled={readOnly || !changed || busy}
              aria-describedby={disabledBy}
              onClick={() => onReadAgain({ encoding, delimiter })}
            >
              {canReadAgain ? 'Read the file again' : 'Choose the file again to read it'}
            </button>
          </div>
          {changed && !readOnly && (
            <p className="hint" role="status">
              Encoding and delimiter are fixed when the file is received: the file is uploaded again with these settings and its columns are suggested afresh.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
