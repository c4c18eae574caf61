import { Link } from '../../../app/router';
import { StatusChip } from '../../../components/StatusChip';
import { formatCount } from '../../../components/format';
import type { WizardCampaign } from '../stepProps';

const dayNames: Record<string, string> = { MON: 'Mon', TUE: 'Tue', WED: 'Wed', THU: 'Thu', FRI: 'Fri', SAT: 'Sat', SUN: 'Sun' };

/** Every choice of the draft, in the wizard's order. */
export function ReviewSummary({ campaign }: { campaign: WizardCampaign }) {
  const { audience, schedule, outcomes } = campaign;
  const upload = audience.upload;
  const directory = audience.directory;
  return (
    <div className="grid-2">
      <div>
        <h3>Audience</h3>
        <dl className="facts">
          <dt>Source</dt>
          <dd>{audience.source === 'CSV' ? 'Contact CSV' : audience.source === 'CONTACT_IDS' ? 'Pasted contact ids' : audience.source === 'SEGMENT' ? 'Segment' : 'None yet'}</dd>
          {upload && (
            <>
              <dt>File</dt>
              <dd>
                {upload.fileName} <StatusChip status={upload.status} />
              </dd>
              {upload.counts && (
                <>
                  <dt>Rows</dt>
                  <dd>
                    {formatCount(upload.counts.totalRows)} rows: {formatCount(upload.counts.accepted)} accepted, {formatCount(upload.counts.rejected)} rejected,{' '}
                    {formatCount(upload.counts.duplicates)} duplicates, {formatCount(upload.counts.suppressed)} suppressed
                  </dd>
                  <dt>Rejections</dt>
                  <dd>{upload.rejectionsAcknowledged ? 'Acknowledged' : 'Not acknowledged'}</dd>
                </>
              )}
            </>
          )}
          {audience.segment && (
            <>
              <dt>Segment</dt>
              <dd>
                <Link to={`/segments/${encodeURIComponent(audience.segment.id)}`}>{audience.segment.name}</Link>
              </dd>
            </>
          )}
          {directory && (
            <>
              <dt>Directory</dt>
              <dd>
                {formatCount(directory.requested)} requested, {formatCount(directory.resolved)} found, {formatCount(directory.unknown)} unknown,{' '}
                {formatCount(directory.suppressed)} suppressed, {formatCount(directory.duplicatePhones)} sharing a phone
              </dd>
            </>
          )}
          <dt>Dialable</dt>
          <dd>{formatCount(audience.contactCount)} contacts</dd>
        </dl>
      </div>
      <div>
        <h3>Schedule</h3>
        {schedule ? (
          <dl className="facts">
            <dt>Clock</dt>
            <dd>{schedule.mode === 'CONTACT_LOCAL' ? "Contact's local time" : `Fixed time zone (${schedule.timezone})`}</dd>
            <dt>Window</dt>
            <dd>
              {schedule.windowStart}–{schedule.windowEnd}
            </dd>
            <dt>Days</dt>
            <dd>{schedule.days.map((d) => dayNames[d] ?? d).join(', ')}</dd>
            <dt>Starts</dt>
            <dd>{schedule.startDate}</dd>
          </dl>
        ) : (
          <p className="hint">Not set.</p>
        )}
        <h3>Outcomes</h3>
        {outcomes ? (
          <dl className="facts">
            <dt>Dispositions</dt>
            <dd>{outcomes.dispositions.join(', ')}</dd>
            <dt>CRM object</dt>
            <dd>{outcomes.crmObject ?? '—'}</dd>
            <dt>Write-back</dt>
            <dd>
              {outcomes.writebackFields.length === 0
                ? 'None'
                : outcomes.writebackFields.map((f) => `${f.disposition} → ${f.crmField} = ${f.value}`).join('; ')}
            </dd>
          </dl>
        ) : (
          <p className="hint">Not set.</p>
        )}
      </div>
    </div>
  );
}
