import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { Page } from '../../components/Page';

// Placeholder: replaced by the screen's owner.
const CampaignsQuery = graphql(`
  query CampaignsPlaceholder { campaigns(first: 20) { totalCount nodes { id name } } }
`);

export function CampaignsPage() {
  const [result] = useQuery({ query: CampaignsQuery });
  return <Page title="Campaigns"><p>{result.data?.campaigns.totalCount ?? 0} campaigns.</p></Page>;
}
