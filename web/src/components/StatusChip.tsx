/** A status as a coloured chip: the colour says good / working / bad, the text says which. */
const tone: Record<string, string> = {
  DRAFT: 'neutral',
  LAUNCHED: 'good',
  CANCELLED: 'muted',
  RECEIVING: 'working',
  MAPPING: 'attention',
  VALIDATING: 'working',
  STAGED: 'good',
  ATTACHED: 'good',
  CONSUMED: 'good',
  SUPERSEDED: 'muted',
  ERROR: 'bad',
};

export function StatusChip({ status, label }: { status: string; label?: string }) {
  return (
    <span className={`chip chip-${tone[status] ?? 'neutral'}`} title={label}>
      {status}
    </span>
  );
}
