import { Page } from '../../components/Page';

// Placeholder: replaced by the screen's owner.
export function SegmentsPage(props: Record<string, unknown>) {
  void props;
  return <Page title="Segments"><p>Coming soon.</p></Page>;
}
