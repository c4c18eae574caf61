/**
 * Sends one file with the GraphQL multipart request spec (operations, map, then the file) to POST /graphql.
 * XMLHttpRequest with a FormData holding the File: the browser streams it from disk, and reports progress.
 * Nothing here reads the file's bytes.
 */

export interface UploadProgressEvent {
  loaded: number;
  total: number;
  /** Bytes per second since the upload started. */
  bytesPerSecond: number;
}

export interface UploadAnswer<T> {
  data: T | null;
  errors: { message: string; code: string }[];
}

export interface RunningUpload<T> {
  done: Promise<UploadAnswer<T>>;
  abort: () => void;
}

export interface UploadRequest {
  url?: string;
  query: string;
  variables: Record<string, unknown>;
  /** The variable that receives the file (it is sent as null in `operations`, as the spec says). */
  fileVariable: string;
  file: File;
  onProgress?: (progress: UploadProgressEvent) => void;
  /** For tests: a clock and an XMLHttpRequest factory. */
  now?: () => number;
  createRequest?: () => XMLHttpRequest;
}

/** The multipart body: `operations` and `map` first, the file last (servers stream it in that order). */
export function multipartBody(query: string, variables: Record<string, unknown>, fileVariable: string, file: Blob, fileName?: string): FormData {
  const body = new FormData();
  body.append('operations', JSON.stringify({ query, variables: { ...variables, [fileVariable]: null } }));
  body.append('map', JSON.stringify({ 0: [`variables.${fileVariable}`] }));
  if (fileName !== undefined) body.append('0', file, fileName);
  else body.append('0', file);
  return body;
}

/** The answer's JSON as {data, errors}; an answer that is not JSON becomes one coded error. */
export function readAnswer<T>(status: number, text: string): UploadAnswer<T> {
  try {
    const body = JSON.parse(text);
    const errors = Array.isArray(body?.errors)
      ? body.errors.map((e: { message?: string; extensions?: { code?: string } }) => ({
          message: String(e?.message ?? 'The upload failed.'),
          code: String(e?.extensions?.code ?? 'INTERNAL'),
        }))
      : [];
    return { data: (body?.data ?? null) as T | null, errors };
  } catch {
    const code = status === 413 ? 'UPLOAD_TOO_LARGE' : status === 429 ? 'RATE_LIMITED' : status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL';
    return { data: null, errors: [{ message: `The server answered ${status} without a GraphQL answer.`, code }] };
  }
}

export function uploadFile<T>(request: UploadRequest): RunningUpload<T> {
  const xhr = request.createRequest?.() ?? new XMLHttpRequest();
  const now = request.now ?? (() => performance.now());
  const started = now();
  let aborted = false;
  const done = new Promise<UploadAnswer<T>>((resolve) => {
    xhr.upload.onprogress = (e: ProgressEvent) => {
      const seconds = Math.max((now() - started) / 1000, 0.001);
      // The request is the file plus a small multipart envelope: report the file's own bytes.
      const size = request.file.size;
      const loaded = e.lengthComputable && e.total > 0 ? Math.min(size, Math.round((e.loaded / e.total) * size)) : Math.min(size, e.loaded);
      request.onProgress?.({ loaded, total: size, bytesPerSecond: e.loaded / seconds });
    };
    xhr.onload = () => resolve(readAnswer<T>(xhr.status, xhr.responseText));
    xhr.onerror = () => resolve({ data: null, errors: [{ message: 'The connection to Callaro was lost while sending the file.', code: 'NETWORK' }] });
    xhr.onabort = () => resolve({ data: null, errors: [{ message: 'The upload was cancelled; nothing was kept.', code: 'ABORTED' }] });
  });
  xhr.open('POST', request.url ?? '/graphql');
  xhr.withCredentials = false; // same-origin: the session cookie goes along anyway
  xhr.setRequestHeader('GraphQL-Preflight', '1');
  xhr.setRequestHeader('Accept', 'application/graphql-response+json, application/json');
  xhr.send(multipartBody(request.query, request.variables, request.fileVariable, request.file));
  return {
    done,
    abort: () => {
      if (!aborted) {
        aborted = true;
        xhr.abort();
      }
    },
  };
}

/** "1.2 MB/s" from bytes per second. */
export function formatRate(bytesPerSecond: number): string {
  const mb = bytesPerSecond / (1024 * 1024);
  return `${mb >= 10 ? mb.toFixed(0) : mb.toFixed(mb >= 1 ? 1 : 2)} MB/s`;
}
