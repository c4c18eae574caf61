import { Page } from '../../components/Page';

// Placeholder: replaced by the screen's owner.
export function ContactsPage(props: Record<string, unknown>) {
  void props;
  return <Page title="Contacts"><p>Coming soon.</p></Page>;
}
