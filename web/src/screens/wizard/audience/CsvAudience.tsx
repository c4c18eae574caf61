import { useCallback, useEffect, useRef, useState } from 'react';
import { print } from 'graphql';
import { useMutation } from 'urql';
import type { ApiError } from '../../../app/session';
import type { AudienceUploadFieldsFragment, AudienceStepUploadStatusSubscription } from '../../../gql/graphql';
import { StatusChip } from '../../../components/StatusChip';
import { AudienceStepConfirmMappingMutation, AudienceStepUploadContactsMutation } from './documents';
import { ContactFileChooser } from './ContactFileChooser';
import { UploadProgressBar, type SendingState } from './UploadProgressBar';
import { UploadProblem } from './UploadProblem';
import { FileFacts, type ReadSettings } from './FileFacts';
import { MappingForm, type MappingSubmit } from './MappingForm';
import { ValidationProgress } from './ValidationProgress';
import { StagedResults } from './StagedResults';
import { uploadFile } from './uploadFile';
import type { ScheduleMode } from './mappingRules';

type LiveEvent = AudienceStepUploadStatusSubscription['uploadStatusChanged'];

const UPLOAD_QUERY = print(AudienceStepUploadContactsMutation);

/** The CSV audience: choose a file, watch it upload, map its columns, validate, and review what was rejected. */
export function CsvAudience({
  campaignId,
  upload,
  liveEvent,
  scheduleMode,
  readOnly,
  reasonId,
  onChanged,
}: {
  campaignId: string;
  upload: AudienceUploadFieldsFragment | null;
  liveEvent: LiveEvent | null;
  scheduleMode: ScheduleMode | null;
  readOnly: boolean;
  reasonId?: string;
  onChanged: () => void;
}) {
  const [sending, setSending] = useState<SendingState | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [replacing, setReplacing] = useState(false);
  const [readSettings, setReadSettings] = useState<ReadSettings | null>(null);
  const abortRef = useRef<(() => void) | null>(null);
  // The File object last sent (a handle on the disk file, never its bytes): read again with other settings.
  const lastFile = useRef<File | null>(null);
  useEffect(() => () => abortRef.current?.(), []);

  const send = useCallback(
    async (file: File, settings: ReadSettings | null) => {
      setFailure(null);
      setSending({ fileName: file.name, loaded: 0, total: file.size, bytesPerSecond: 0, finished: false });
      const options = settings ? { encoding: settings.encoding, delimiter: settings.delimiter } : undefined;
      const running = uploadFile<{ uploadContacts: { id: string; status: string } | null }>({
        query: UPLOAD_QUERY,
        variables: { campaignId, options },
        fileVariable: 'file',
        file,
        onProgress: (p) => setSending((s) => (s && !s.finished ? { ...s, ...p } : s)),
      });
      abortRef.current = running.abort;
      const answer = await running.done;
      abortRef.current = null;
      const uploaded = answer.data?.uploadContacts;
      setSending((s) => (s ? { ...s, loaded: uploaded ? s.total : s.loaded, finished: true, uploadId: uploaded?.id, failed: !uploaded } : s));
      if (uploaded) {
        lastFile.current = file;
        setReplacing(false);
        setReadSettings(null);
      } else {
        setFailure(answer.errors[0] ?? { message: 'The upload failed without a reason.', code: 'INTERNAL' });
      }
      onChanged();
    },
    [campaignId, onChanged],
  );

  const [confirmState, confirmMapping] = useMutation(AudienceStepConfirmMappingMutation);
  const onConfirm = useCallback(
    async (submit: MappingSubmit) => {
      if (!upload) return;
      await confirmMapping({
        uploadId: upload.id,
        mapping: submit.mapping,
        options: { ...submit.options, encoding: upload.encoding, delimiter: upload.delimiter },
      });
    },
    [confirmMapping, upload],
  );

  const status = upload?.status ?? null;
  const inFlight = sending != null && !sending.finished;
  const showChooser = !readOnly && (inFlight || replacing || !upload || status === 'ERROR' || status === 'SUPERSEDED');
  const canReplace = !readOnly && !inFlight && !replacing && upload != null && ['MAPPING', 'STAGED', 'ATTACHED'].includes(status ?? '');
  const showFailure = failure && !(status === 'ERROR' && upload?.error?.code === failure.code && sending?.finished);
  const showSending = sending && !sending.failed && (!sending.finished || sending.uploadId === upload?.id);

  return (
    <section className="csv-audience" aria-labelledby="csv-audience-title">
      <div className="row csv-audience-head">
        <h3 id="csv-audience-title">Contact file</h3>
        {upload && <StatusChip status={upload.status} />}
        {(canReplace || (readOnly && upload)) && (
          <button type="button" onClick={() => setReplacing(true)} disabled={readOnly} aria-describedby={readOnly ? reasonId : undefined}>
            Upload another file
          </button>
        )}
      </div>

      {showFailure && failure && <UploadProblem error={failure} />}

      {upload && status === 'ERROR' && upload.error && (
        <UploadProblem error={{ message: upload.error.message, code: upload.error.code }} fileName={upload.fileName} />
      )}

      {(showChooser || (readOnly && !upload)) && (
        <ContactFileChooser
          disabled={readOnly || inFlight}
          reasonId={readOnly ? reasonId : undefined}
          settings={readSettings}
          replacing={replacing && upload != null}
          onChoose={(file) => send(file, readSettings)}
          onCancel={replacing ? () => setReplacing(false) : undefined}
        />
      )}

      {showSending && sending && <UploadProgressBar state={sending} onCancel={() => abortRef.current?.()} />}

      {upload && status !== 'ERROR' && (
        <>
          <FileFacts
            key={`${upload.id}/${upload.encoding}/${upload.delimiter}`}
            upload={upload}
            editable={status === 'MAPPING'}
            readOnly={readOnly}
            reasonId={readOnly ? reasonId : undefined}
            canReadAgain={lastFile.current != null}
            busy={inFlight}
            onReadAgain={(settings) => {
              if (lastFile.current) void send(lastFile.current, settings);
              else {
                setReadSettings(settings);
                setReplacing(true);
              }
            }}
          />
          {status === 'MAPPING' && (
            <MappingForm
              key={`${upload.id}/${upload.validationRun}`}
              upload={upload}
              scheduleMode={scheduleMode}
              readOnly={readOnly}
              reasonId={reasonId}
              confirming={confirmState.fetching}
              error={confirmState.error}
              onConfirm={onConfirm}
            />
          )}
          {status === 'RECEIVING' && (
            <p className="hint" role="status">
              The file is arriving and being read: its columns appear here in a moment.
            </p>
          )}
          {status === 'VALIDATING' && (
            <ValidationProgress key={`${upload.id}/${upload.validationRun}`} progress={liveEvent?.upload.progress ?? upload.progress} running />
          )}
          {(status === 'STAGED' || status === 'ATTACHED' || status === 'CONSUMED') && (
            <StagedResults upload={upload} readOnly={readOnly} reasonId={reasonId} />
          )}
        </>
      )}
    </section>
  );
}
