import { Page } from '../../components/Page';

// Placeholder: replaced by the screen's owner.
export function SegmentPage(props: Record<string, unknown>) {
  void props;
  return <Page title="Segment"><p>Coming soon.</p></Page>;
}
