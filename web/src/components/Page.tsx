import { useEffect, type ReactNode } from 'react';

/** A screen: its heading (also the document title) and content. */
export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Callaro`;
  }, [title]);
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{title}</h1>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

/** What a person sees when an address names nothing of theirs (another org's campaign included). */
export function NotFound({ what }: { what: string }) {
  return (
    <Page title="Not found">
      <p className="notice notice-muted" role="status">
        {what} was not found. It may have been deleted, or it belongs to another organisation.
      </p>
    </Page>
  );
}

/** Why a control is disabled, next to it. */
export function DisabledReason({ id, children }: { id: string; children: ReactNode }) {
  return (
    <span id={id} className="hint">
      {children}
    </span>
  );
}
