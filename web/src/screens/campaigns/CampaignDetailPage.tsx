import { Page } from '../../components/Page';

// Placeholder: replaced by the screen's owner.
export function CampaignDetailPage(props: Record<string, unknown>) {
  void props;
  return <Page title="Campaign"><p>Coming soon.</p></Page>;
}
