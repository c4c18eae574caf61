import { useEffect, useState, type FormEvent } from 'react';
import { fetchDevelopmentKey, signIn, type ApiError, type Viewer } from '../app/session';
import { ErrorNotice } from '../components/ErrorNotice';

/** Enter the API key once; the api turns it into an HttpOnly session cookie. */
export function SignInPage({ onSignedIn }: { onSignedIn: (viewer: Viewer) => void }) {
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [developmentKey, setDevelopmentKey] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Sign in · Callaro';
    fetchDevelopmentKey().then(setDevelopmentKey);
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(apiKey));
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="centered">
      <form className="card signin" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Callaro</h1>
        <p className="hint">Use the API key you were given. It is exchanged for a session and not kept in the browser.</p>
        <label htmlFor="api-key">API key</label>
        <input id="api-key" type="password" autoComplete="current-password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} required autoFocus />
        <ErrorNotice error={error} />
        <button type="submit" className="primary" disabled={busy || apiKey.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {developmentKey && (
          <p className="hint">
            Development: <button type="button" className="link" onClick={() => setApiKey(developmentKey)}>use the development key</button> (org dev, every role).
          </p>
        )}
      </form>
    </main>
  );
}
