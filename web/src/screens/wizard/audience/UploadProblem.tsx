import type { ApiError } from '../../../app/session';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { adviceFor } from './uploadAdvice';

/** A refused or failed upload: the server's message and code, and what to do about it. */
export function UploadProblem({ error, fileName }: { error: ApiError; fileName?: string }) {
  return (
    <div className="upload-problem">
      <ErrorNotice error={error} title={fileName ? `${fileName} could not be used.` : 'The file could not be used.'} />
      <p className="notice notice-info">
        <strong>What to do: </strong>
        {adviceFor(error.code)}
      </p>
    </div>
  );
}
