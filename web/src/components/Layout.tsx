import type { ReactNode } from 'react';
import { Link, useRouter } from '../app/router';
import { hasRole, signOut, useViewer } from '../app/session';

/** The frame around every signed-in screen: where you are, who you are, sign out. */
export function Layout({ children, onSignedOut }: { children: ReactNode; onSignedOut: () => void }) {
  const viewer = useViewer();
  const { location } = useRouter();
  const links = [
    { to: '/campaigns', label: 'Campaigns', show: true },
    { to: '/contacts', label: 'Contacts', show: true },
    { to: '/segments', label: 'Segments', show: true },
    { to: '/compliance', label: 'Compliance', show: hasRole(viewer, 'COMPLIANCE') },
    { to: '/ops', label: 'Ops', show: hasRole(viewer, 'OPS') },
  ];
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/campaigns" className="brand">
          Callaro
        </Link>
        <nav aria-label="Main">
          <ul>
            {links
              .filter((l) => l.show)
              .map((l) => (
                <li key={l.to}>
                  <Link to={l.to} aria-current={location.path.startsWith(l.to) ? 'page' : undefined}>
                    {l.label}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <div className="whoami">
          <span title={viewer.roles.join(', ')}>
            {viewer.userId} <span className="hint">({viewer.orgId})</span>
          </span>
          <button type="button" onClick={() => signOut().then(onSignedOut)}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
