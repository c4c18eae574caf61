import { Page } from '../../components/Page';

// Placeholder: replaced by the screen's owner.
export function WizardPage(props: Record<string, unknown>) {
  void props;
  return <Page title="Campaign wizard"><p>Coming soon.</p></Page>;
}
