import { useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { createGraphQLClient, createSocket } from './app/client';
import { Router, matchPath, useRouter } from './app/router';
import { ViewerProvider, fetchViewer, type Viewer } from './app/session';
import { Layout } from './components/Layout';
import { NotFound } from './components/Page';
import { SignInPage } from './screens/SignInPage';
import { CampaignsPage } from './screens/campaigns/CampaignsPage';
import { CreateCampaignPage } from './screens/campaigns/CreateCampaignPage';
import { CampaignDetailPage } from './screens/campaigns/CampaignDetailPage';
import { WizardPage } from './screens/wizard/WizardPage';
import { CompliancePage } from './screens/compliance/CompliancePage';
import { ContactsPage } from './screens/contacts/ContactsPage';
import { ContactPage } from './screens/contacts/ContactPage';
import { SegmentsPage } from './screens/segments/SegmentsPage';
import { SegmentPage } from './screens/segments/SegmentPage';
import { OpsPage } from './screens/ops/OpsPage';

/** Every address of the console and the screen it shows. */
function Screens() {
  const { location, navigate } = useRouter();
  const path = location.path.replace(/\/+$/, '') || '/';
  useEffect(() => {
    if (path === '/' || path === '/signin') navigate('/campaigns', { replace: true });
  }, [path, navigate]);

  let m: Record<string, string> | null;
  if (path === '/campaigns') return <CampaignsPage />;
  if (path === '/campaigns/new') return <CreateCampaignPage />;
  if ((m = matchPath('/campaigns/:id/wizard', path))) return <WizardPage key={m.id} campaignId={m.id} />;
  if ((m = matchPath('/campaigns/:id', path))) return <CampaignDetailPage key={m.id} campaignId={m.id} />;
  if (path === '/compliance') return <CompliancePage />;
  if (path === '/contacts') return <ContactsPage />;
  if ((m = matchPath('/contacts/:identifier', path))) return <ContactPage key={m.identifier} identifier={m.identifier} />;
  if (path === '/segments') return <SegmentsPage />;
  if ((m = matchPath('/segments/:id', path))) return <SegmentPage key={m.id} segmentId={m.id} />;
  if (path === '/ops') return <OpsPage />;
  if (path === '/') return null;
  return <NotFound what={`The page ${path}`} />;
}

function SignedIn({ viewer, onSignedOut }: { viewer: Viewer; onSignedOut: () => void }) {
  // One socket and one client per sign-in: signing out drops both, and nothing cached survives it.
  const client = useMemo(() => {
    const socket = createSocket(onSignedOut);
    return createGraphQLClient(socket, onSignedOut);
  }, [viewer, onSignedOut]);
  return (
    <Provider value={client}>
      <ViewerProvider viewer={viewer}>
        <Layout onSignedOut={onSignedOut}>
          <Screens />
        </Layout>
      </ViewerProvider>
    </Provider>
  );
}

export function App() {
  const [viewer, setViewer] = useState<Viewer | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    fetchViewer().then(setViewer, (e) => setProblem(e?.message ?? String(e)));
  }, []);
  const onSignedOut = useMemo(() => () => setViewer(null), []);

  return (
    <Router>
      {problem ? (
        <main className="centered">
          <p role="alert" className="notice notice-error">
            Callaro cannot be reached: {problem}
          </p>
        </main>
      ) : viewer === undefined ? (
        <main className="centered" aria-busy="true">
          <p>Loading…</p>
        </main>
      ) : viewer === null ? (
        <SignInPage onSignedIn={setViewer} />
      ) : (
        <SignedIn viewer={viewer} onSignedOut={onSignedOut} />
      )}
    </Router>
  );
}
