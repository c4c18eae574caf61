import { Page } from '../../components/Page';

// Placeholder: replaced by the screen's owner.
export function OpsPage(props: Record<string, unknown>) {
  void props;
  return <Page title="Ops"><p>Coming soon.</p></Page>;
}
