import type { CombinedError } from 'urql';
import { ErrorNotice } from './ErrorNotice';
import { NotFound, Page } from './Page';

/**
 * A page whose record has not arrived yet: the server's error if it refused, "… was not found" when it
 * answered nothing (another org's id included), else that it is loading.
 */
export function PageLoading({
  title,
  error,
  errorTitle,
  missing,
  what,
}: {
  title: string;
  error: CombinedError | undefined;
  errorTitle?: string;
  /** The server answered, and the record is not there. */
  missing: boolean;
  /** What was asked for, as "Campaign cmp_1". */
  what: string;
}) {
  if (error) {
    return (
      <Page title={title}>
        <ErrorNotice error={error} title={errorTitle} />
      </Page>
    );
  }
  if (missing) return <NotFound what={what} />;
  return (
    <Page title={title}>
      <p aria-busy="true">Loading…</p>
    </Page>
  );
}
