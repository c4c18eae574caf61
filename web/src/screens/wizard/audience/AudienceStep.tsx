import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { DisabledReason } from '../../../components/Page';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { NotFound } from '../../../components/Page';
import { hasRole, useViewer } from '../../../app/session';
import { AudienceStepCampaignQuery, AudienceStepCampaignUpdatedSubscription, AudienceStepUploadStatusSubscription } from './documents';
import { CsvAudience } from './CsvAudience';
import { PasteIdsAudience } from './PasteIdsAudience';
import { SegmentAudience } from './SegmentAudience';
import type { AudienceStepUploadStatusSubscription as UploadEvent } from '../../../gql/graphql';
import './audience.css';

type Source = 'CSV' | 'CONTACT_IDS' | 'SEGMENT';

const SOURCES: { value: Source; label: string; hint: string }[] = [
  { value: 'CSV', label: 'CSV file', hint: 'Upload a contact list exported from a spreadsheet or CRM.' },
  { value: 'CONTACT_IDS', label: 'Paste contact IDs', hint: 'Pick contacts already in the directory by their ids.' },
  { value: 'SEGMENT', label: 'Segment', hint: 'Call everyone a saved segment holds at launch.' },
];

const FINAL = new Set(['CONSUMED', 'SUPERSEDED', 'ERROR']);

/** The wizard's first step: where the campaign's contacts come from, and the CSV upload from file to staged list. */
export function AudienceStep({ campaignId, readOnly }: { campaignId: string; readOnly: boolean }) {
  const viewer = useViewer();
  const reasonId = useId();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: AudienceStepCampaignQuery, variables: { id: campaignId } });
  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const campaign = data?.campaign;
  const upload = campaign?.audience.upload ?? null;
  const [chosen, setChosen] = useState<Source | null>(null);
  const source: Source = chosen ?? (campaign?.audience.source as Source | null | undefined) ?? 'CSV';

  // Someone (or another window) changed the audience: read it again.
  const known = useRef({ source: campaign?.audience.source, uploadId: upload?.id, status: campaign?.status });
  known.current = { source: campaign?.audience.source, uploadId: upload?.id, status: campaign?.status };
  const [{ data: campaignEvent }] = useSubscription({ query: AudienceStepCampaignUpdatedSubscription, variables: { campaignId }, pause: !campaign });
  useEffect(() => {
    const e = campaignEvent?.campaignUpdated;
    if (!e) return;
    const k = known.current;
    if (e.audience.source !== k.source || e.audience.upload?.id !== k.uploadId || e.status !== k.status) refetch();
  }, [campaignEvent, refetch]);

  // The upload's own stream: status changes refetch everything; progress is read from the event itself.
  const knownUpload = useRef(upload);
  knownUpload.current = upload;
  const [{ data: uploadEvent }] = useSubscription({
    query: AudienceStepUploadStatusSubscription,
    variables: { uploadId: upload?.id ?? '' },
    pause: !upload || FINAL.has(upload.status),
  });
  useEffect(() => {
    const e = uploadEvent?.uploadStatusChanged;
    const u = knownUpload.current;
    if (!e || !u || e.upload.id !== u.id) return;
    if (
      e.status !== u.status ||
      e.upload.validationRun !== u.validationRun ||
      e.upload.rejectionsAcknowledged !== u.rejectionsAcknowledged ||
      (e.upload.counts?.suppressedSinceStaging ?? 0) !== (u.counts?.suppressedSinceStaging ?? 0)
    ) {
      refetch();
    }
  }, [uploadEvent, refetch]);
  const liveEvent: UploadEvent['uploadStatusChanged'] | null =
    uploadEvent?.uploadStatusChanged && uploadEvent.uploadStatusChanged.upload.id === upload?.id ? uploadEvent.uploadStatusChanged : null;

  if (!campaign) {
    if (error) return <ErrorNotice error={error} title="The audience could not be loaded." />;
    if (fetching || !data) return <p aria-busy="true">Loading the audience…</p>;
    return <NotFound what={`Campaign ${campaignId}`} />;
  }

  const reason = !hasRole(viewer, 'SALES_OPS')
    ? `Your role (${viewer.roles.join(', ') || 'none'}) can view but not change campaigns.`
    : campaign.status !== 'DRAFT'
      ? `This campaign is ${campaign.status}: its audience can no longer change.`
      : 'This step is read-only.';

  return (
    <div className="audience-step">
      <h2>Audience</h2>
      {readOnly && (
        <p className="notice notice-muted">
          <DisabledReason id={reasonId}>{reason}</DisabledReason>
        </p>
      )}
      <fieldset className="audience-sources" role="radiogroup" aria-labelledby={`${reasonId}-legend`}>
        <legend id={`${reasonId}-legend`}>Audience source</legend>
        <div className="audience-source-options">
          {SOURCES.map((s) => (
            <label key={s.value} className="inline audience-source-option">
              <input
                type="radio"
                name="audience-source"
                value={s.value}
                checked={source === s.value}
                onChange={() => setChosen(s.value)}
                disabled={readOnly}
                aria-describedby={readOnly ? reasonId : undefined}
              />
              <span>
                <strong>{s.label}</strong>
                {campaign.audience.source === s.value && <span className="chip chip-good audience-current">current</span>}
                <br />
                <span className="hint">{s.hint}</span>
              </span>
            </label>
          ))}
        </div>
        {campaign.audience.source && campaign.audience.source !== source && (
          <p className="hint">
            The campaign's audience stays "{SOURCES.find((s) => s.value === campaign.audience.source)?.label}" until you{' '}
            {source === 'CSV' ? 'upload a file and confirm its mapping' : 'save the new audience below'}.
          </p>
        )}
      </fieldset>

      {source === 'CSV' && (
        <CsvAudience
          campaignId={campaignId}
          upload={upload}
          liveEvent={liveEvent}
          scheduleMode={campaign.schedule?.mode ?? null}
          readOnly={readOnly}
          reasonId={readOnly ? reasonId : undefined}
          onChanged={refetch}
        />
      )}
      {source === 'CONTACT_IDS' && <PasteIdsAudience campaignId={campaignId} readOnly={readOnly} />}
      {source === 'SEGMENT' && <SegmentAudience campaignId={campaignId} readOnly={readOnly} />}
    </div>
  );
}
