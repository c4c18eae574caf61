import { Page } from '../../components/Page';

// Placeholder: replaced by the screen's owner.
export function CompliancePage(props: Record<string, unknown>) {
  void props;
  return <Page title="Compliance"><p>Coming soon.</p></Page>;
}
