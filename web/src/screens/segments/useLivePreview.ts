import { useMemo } from 'react';
import { useQuery, type CombinedError } from 'urql';
import { graphql } from '../../gql';
import type { SegmentBuilderPreviewQuery } from '../../gql/graphql';
import { previewRequest, type Condition, type ConditionRow, type PreviewRequest } from './segmentConditions';
import { useDebounced } from '../../components/paging';

const PreviewQuery = graphql(`
  query SegmentBuilderPreview($conditions: [SegmentConditionInput!]!, $first: Int) {
    segmentPreview(conditions: $conditions, first: $first) {
      count
      members {
        requested
        resolved
        suppressed
        duplicatePhones
        dialable
        timezoneMissing
      }
      preview {
        identifier
        firstName
        lastName
        phone
        company
        timezone
        suppressed
      }
    }
  }
`);

export type PreviewResult = SegmentBuilderPreviewQuery['segmentPreview'];

/** Wait this long after the last change before asking the server to count. */
export const PREVIEW_DEBOUNCE_MS = 350;
const FIRST = 10;

export interface LivePreview {
  /** The rows as the server would count them, or what is missing. */
  request: PreviewRequest;
  /** The latest answer (possibly for the conditions before the last change: see `current`). */
  preview: PreviewResult | null;
  /** The answer (or refusal) shown is for the conditions on screen now, and nothing is in flight. */
  current: boolean;
  /** Complete conditions whose count is not back yet (waiting for typing to stop, or asking). */
  updating: boolean;
  /** The server's refusal of the conditions on screen (INVALID_INPUT and its message). */
  error: CombinedError | undefined;
  fetching: boolean;
  recount: () => void;
}

/** Counts the unsaved conditions as they are edited: segmentPreview, debounced, only once complete. */
export function useLivePreview(rows: readonly ConditionRow[]): LivePreview {
  const request = useMemo(() => previewRequest(rows), [rows]);
  const key = request.ready ? request.key : null;
  const settledKey = useDebounced(key, PREVIEW_DEBOUNCE_MS);
  const variables = useMemo(
    () => ({ conditions: settledKey ? (JSON.parse(settledKey) as Condition[]) : [], first: FIRST }),
    [settledKey],
  );
  const [result, reexecute] = useQuery({
    query: PreviewQuery,
    variables,
    pause: settledKey === null,
    requestPolicy: 'cache-and-network',
  });
  const answeredKey = result.operation ? JSON.stringify(result.operation.variables.conditions) : null;
  const current = key !== null && settledKey === key && answeredKey === key && !result.fetching;
  return {
    request,
    preview: request.ready ? (result.data?.segmentPreview ?? null) : null,
    current,
    updating: key !== null && !current,
    error: key !== null && answeredKey === key ? result.error : undefined,
    fetching: result.fetching,
    recount: () => reexecute({ requestPolicy: 'network-only' }),
  };
}
