import { formatBytes } from '../../../components/format';
import { formatRate } from './uploadFile';

export interface SendingState {
  fileName: string;
  loaded: number;
  total: number;
  bytesPerSecond: number;
  finished: boolean;
  failed?: boolean;
  uploadId?: string;
}

/** Bytes sent of the file, the rate, and a way to stop; stays (complete) after the file has arrived. */
export function UploadProgressBar({ state, onCancel }: { state: SendingState; onCancel: () => void }) {
  const percent = state.total > 0 ? Math.round((state.loaded / state.total) * 100) : 0;
  return (
    <div className="upload-progress" aria-live="polite">
      <div className="row upload-progress-text">
        <span>
          {state.finished ? (state.failed ? 'Not uploaded: ' : 'Uploaded ') : 'Uploading '}
          <strong>{state.fileName}</strong>: {formatBytes(state.loaded)} of {formatBytes(state.total)} ({percent}%)
          {state.bytesPerSecond > 0 && ` · ${formatRate(state.bytesPerSecond)}`}
        </span>
        {!state.finished && (
          <button type="button" className="danger" onClick={onCancel}>
            Cancel upload
          </button>
        )}
      </div>
      <progress aria-label="Upload progress" max={Math.max(state.total, 1)} value={state.loaded} />
    </div>
  );
}
