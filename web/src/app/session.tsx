import { createContext, useContext, type ReactNode } from 'react';

/** The schema's Role enum (the viewer comes from /session, not from a GraphQL document). */
export type Role = 'SDR_LEAD' | 'SALES_OPS' | 'COMPLIANCE' | 'REVOPS' | 'OPS';

/** Who is signed in: what /session answers. */
export interface Viewer {
  orgId: string;
  userId: string;
  roles: Role[];
}

export interface ApiError {
  message: string;
  code: string;
}

const ViewerContext = createContext<Viewer | null>(null);

export function ViewerProvider({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer outside a signed-in page');
  return viewer;
}

export function hasRole(viewer: Viewer, role: Role): boolean {
  return viewer.roles.includes(role);
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = await response.json();
    const first = body?.errors?.[0];
    if (first?.message) return { message: first.message, code: first.extensions?.code ?? 'INTERNAL' };
  } catch {
    /* not JSON: fall through */
  }
  return { message: `The server answered ${response.status} ${response.statusText}.`, code: response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL' };
}

/** The signed-in person, or null when there is no (valid) session cookie. */
export async function fetchViewer(): Promise<Viewer | null> {
  const response = await fetch('/session', { credentials: 'same-origin' });
  if (response.status === 401) return null;
  if (!response.ok) throw await errorOf(response);
  const body = await response.json();
  return body.signedIn ? { orgId: body.orgId, userId: body.userId, roles: body.roles } : null;
}

/** Exchanges the API key for an HttpOnly session cookie; the key is kept nowhere in the browser. */
export async function signIn(apiKey: string): Promise<Viewer> {
  const response = await fetch('/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ apiKey }),
  });
  if (!response.ok) throw await errorOf(response);
  return response.json();
}

export async function signOut(): Promise<void> {
  await fetch('/session', { method: 'DELETE', credentials: 'same-origin' });
}

/** In Development the api offers its well-known key on the sign-in page. */
export async function fetchDevelopmentKey(): Promise<string | null> {
  try {
    const response = await fetch('/session/options', { credentials: 'same-origin' });
    return response.ok ? ((await response.json()).developmentKey ?? null) : null;
  } catch {
    return null;
  }
}
