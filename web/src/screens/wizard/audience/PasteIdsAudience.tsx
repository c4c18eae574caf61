// Placeholder: replaced by the step's owner.
export function PasteIdsAudience(props: { campaignId: string; readOnly: boolean }) {
  void props;
  return <p>Coming soon.</p>;
}
