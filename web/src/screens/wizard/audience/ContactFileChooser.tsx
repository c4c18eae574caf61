import { useId, useState, type DragEvent } from 'react';
import type { ReadSettings } from './FileFacts';

/** The file input "Contact file (CSV)" inside a zone a file can be dropped on. */
export function ContactFileChooser({
  disabled,
  reasonId,
  settings,
  replacing,
  onChoose,
  onCancel,
}: {
  disabled: boolean;
  reasonId?: string;
  settings: ReadSettings | null;
  replacing: boolean;
  onChoose: (file: File) => void;
  onCancel?: () => void;
}) {
  const inputId = useId();
  const hintId = useId();
  const [over, setOver] = useState(false);

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    if (disabled) return;
    const file = e.dataTransfer.files?.[0];
    if (file) onChoose(file);
  };

  return (
    <div
      className={`drop-zone${over ? ' drop-zone-over' : ''}${disabled ? ' drop-zone-disabled' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <label htmlFor={inputId}>Contact file (CSV)</label>
      <input
        id={inputId}
        type="file"
        accept=".csv,.txt,.tsv,text/csv,text/plain,text/tab-separated-values"
        disabled={disabled}
        aria-describedby={[hintId, reasonId].filter(Boolean).join(' ')}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) onChoose(file);
        }}
      />
      <p id={hintId} className="hint">
        {replacing ? 'The new file replaces the current one once it is uploaded. ' : ''}
        Choose a file or drop it here. One row per contact, with a header row; comma, semicolon, tab or pipe separated.
        {settings && ` It will be read as ${settings.encoding}, delimiter ${delimiterName(settings.delimiter)}.`}
      </p>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Keep the current file
        </button>
      )}
    </div>
  );
}

export function delimiterName(d: string): string {
  return d === ',' ? 'comma (,)' : d === ';' ? 'semicolon (;)' : d === '\t' ? 'tab' : d === '|' ? 'pipe (|)' : `"${d}"`;
}
