import type { CombinedError } from 'urql';
import type { ApiError } from '../app/session';

/** The server's errors as they came: message and code, never a blank page. */
export function errorsOf(error: CombinedError | ApiError | null | undefined): ApiError[] {
  if (!error) return [];
  if ('code' in error) return [error];
  if (error.graphQLErrors.length > 0) {
    return error.graphQLErrors.map((e) => ({ message: e.message, code: String(e.extensions?.code ?? 'INTERNAL') }));
  }
  return [{ message: error.networkError ? `Cannot reach Callaro: ${error.networkError.message}` : error.message, code: 'NETWORK' }];
}

export function codeOf(error: CombinedError | ApiError | null | undefined): string | null {
  return errorsOf(error)[0]?.code ?? null;
}

export function ErrorNotice({ error, title }: { error: CombinedError | ApiError | null | undefined; title?: string }) {
  const errors = errorsOf(error);
  if (errors.length === 0) return null;
  return (
    <div className="notice notice-error" role="alert">
      {title && <strong>{title}</strong>}
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            {e.message} <code className="code">{e.code}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
