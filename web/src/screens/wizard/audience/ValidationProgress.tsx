import { useRef } from 'react';
import { formatCount } from '../../../components/format';

interface Progress {
  rowsRead: number;
  rowsValidated: number;
  chunksTotal: number;
  chunksDone: number;
}

/** Rows validated of the rows read, chunks done, and the rate seen since this screen started watching. */
export function ValidationProgress({ progress, running }: { progress: Progress; running: boolean }) {
  const first = useRef<{ rows: number; at: number } | null>(null);
  const now = Date.now();
  if (running && first.current == null) first.current = { rows: progress.rowsValidated, at: now };
  const seconds = first.current ? (now - first.current.at) / 1000 : 0;
  const rate = running && first.current && seconds >= 0.5 ? (progress.rowsValidated - first.current.rows) / seconds : null;
  const total = Math.max(progress.rowsRead, progress.rowsValidated, 1);
  const percent = Math.round((progress.rowsValidated / total) * 100);
  return (
    <div className="validation-progress" aria-live="polite">
      <p>
        {running ? 'Validating: ' : 'Validated: '}
        <strong>{formatCount(progress.rowsValidated)}</strong> of {formatCount(progress.rowsRead)} rows ({percent}%) · chunks {progress.chunksDone} of{' '}
        {progress.chunksTotal}
        {rate != null && rate > 0 && ` · ${formatCount(Math.round(rate))} rows per second`}
      </p>
      <progress aria-label="Validation progress" max={total} value={progress.rowsValidated} />
      {running && progress.chunksTotal > 0 && progress.chunksDone >= progress.chunksTotal && (
        <p className="hint">Every row is checked; now the duplicate policy and the suppression list are applied across the whole file.</p>
      )}
    </div>
  );
}
