import { describe, expect, it } from 'vitest';
import { formatRate, multipartBody, readAnswer, uploadFile } from './uploadFile';
import { adviceFor } from './uploadAdvice';

describe('the multipart request', () => {
  it('holds operations with the file variable null, the map, then the file', () => {
    const file = new File(['a,b\n1,2\n'], 'contacts.csv', { type: 'text/csv' });
    const body = multipartBody('mutation($file: Upload!) { x }', { campaignId: 'cmp_1' }, 'file', file);
    expect([...body.keys()]).toEqual(['operations', 'map', '0']);
    expect(JSON.parse(body.get('operations') as string)).toEqual({ query: 'mutation($file: Upload!) { x }', variables: { campaignId: 'cmp_1', file: null } });
    expect(JSON.parse(body.get('map') as string)).toEqual({ 0: ['variables.file'] });
    expect((body.get('0') as File).name).toBe('contacts.csv');
  });

  it('is sent with the preflight header, reports progress and resolves with the coded errors', async () => {
    const sent: { headers: Record<string, string>; body?: unknown; method?: string; url?: string } = { headers: {} };
    let clock = 0;
    const fake = {
      upload: {} as { onprogress?: (e: Partial<ProgressEvent>) => void },
      status: 200,
      responseText: '{"data":null,"errors":[{"message":"Not a CSV.","extensions":{"code":"UNSUPPORTED_FILE"}}]}',
      open(method: string, url: string) {
        sent.method = method;
        sent.url = url;
      },
      setRequestHeader(name: string, value: string) {
        sent.headers[name] = value;
      },
      send(body: unknown) {
        sent.body = body;
      },
      abort() {},
    } as unknown as XMLHttpRequest & { onload: () => void };
    const progress: number[] = [];
    const running = uploadFile({
      query: 'q',
      variables: {},
      fileVariable: 'file',
      file: new File(['x'.repeat(2048)], 'a.png'),
      onProgress: (p) => progress.push(Math.round(p.bytesPerSecond), p.loaded, p.total),
      now: () => clock,
      createRequest: () => fake,
    });
    clock = 2000;
    (fake.upload as { onprogress: (e: Partial<ProgressEvent>) => void }).onprogress({ loaded: 1100, total: 2200, lengthComputable: true });
    fake.onload();
    const answer = await running.done;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/graphql');
    expect(sent.headers['GraphQL-Preflight']).toBe('1');
    expect(sent.body).toBeInstanceOf(FormData);
    expect(progress).toEqual([550, 1024, 2048]);
    expect(answer).toEqual({ data: null, errors: [{ message: 'Not a CSV.', code: 'UNSUPPORTED_FILE' }] });
  });
});

describe('cancelling', () => {
  it('aborts the request once and resolves with ABORTED', async () => {
    let aborts = 0;
    const fake = {
      upload: {},
      open() {},
      setRequestHeader() {},
      send() {},
      abort() {
        aborts++;
        (fake as unknown as { onabort: () => void }).onabort();
      },
    } as unknown as XMLHttpRequest;
    const running = uploadFile({ query: 'q', variables: {}, fileVariable: 'file', file: new File(['x'], 'a.csv'), createRequest: () => fake });
    running.abort();
    running.abort();
    expect(aborts).toBe(1);
    expect((await running.done).errors[0].code).toBe('ABORTED');
  });
});

describe('the answer', () => {
  it('carries data when the upload was accepted', () => {
    expect(readAnswer(200, '{"data":{"uploadContacts":{"id":"upl_1"}}}')).toEqual({ data: { uploadContacts: { id: 'upl_1' } }, errors: [] });
  });

  it('becomes a coded error when the server did not answer JSON', () => {
    expect(readAnswer(413, '<html>too large</html>').errors[0].code).toBe('UPLOAD_TOO_LARGE');
    expect(readAnswer(502, '').errors[0].code).toBe('INTERNAL');
  });
});

describe('upload help', () => {
  it('tells how to turn a spreadsheet into a CSV for an unsupported file', () => {
    expect(adviceFor('UNSUPPORTED_FILE')).toBe('Export the sheet as CSV (File > Save as > CSV UTF-8) and upload that.');
  });

  it('has a sentence for every code, known or not', () => {
    for (const code of ['UPLOAD_TOO_LARGE', 'RATE_LIMITED', 'MALFORMED_CSV', 'SOMETHING_NEW', null]) expect(adviceFor(code).length).toBeGreaterThan(20);
  });

  it('formats the rate in MB/s', () => {
    expect(formatRate(1.5 * 1024 * 1024)).toBe('1.5 MB/s');
    expect(formatRate(20 * 1024 * 1024)).toBe('20 MB/s');
    expect(formatRate(100 * 1024)).toBe('0.10 MB/s');
  });
});
