import { Page } from '../../components/Page';

// Placeholder: replaced by the screen's owner.
export function CreateCampaignPage(props: Record<string, unknown>) {
  void props;
  return <Page title="Create campaign"><p>Coming soon.</p></Page>;
}
