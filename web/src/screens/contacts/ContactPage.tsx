import { Page } from '../../components/Page';

// Placeholder: replaced by the screen's owner.
export function ContactPage(props: Record<string, unknown>) {
  void props;
  return <Page title="Contact"><p>Coming soon.</p></Page>;
}
