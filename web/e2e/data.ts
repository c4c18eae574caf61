import { readFileSync } from 'node:fs';
import { expect, gql, baseURL, unique } from './fixtures';

/** Test data made through the API, as a script would: campaigns, contact files, staged uploads. */

export async function createCampaign(key: string, name: string): Promise<string> {
  const data = await gql(key, 'mutation($name: String!) { createCampaign(input: { name: $name }) { id } }', { name });
  return data.createCampaign.id;
}

/** A US phone number nobody else's test uses (single-zone area codes: the time zone is inferred). */
export function randomPhone(): string {
  const areas = ['415', '212', '646', '312', '617'];
  const area = areas[Math.floor(Math.random() * areas.length)];
  let exchange = 0;
  while (exchange < 201 || exchange === 555) exchange = 201 + Math.floor(Math.random() * 698);
  return `+1 ${area} ${exchange} ${String(1000 + Math.floor(Math.random() * 9000))}`;
}

/** A contact CSV: `good` dialable rows and `bad` rows with a phone that is not one; ids unique to this call. */
export function contactsCsv(good: number, bad: number): string {
  const tag = Math.random().toString(36).slice(2, 8);
  const lines = ['Contact ID,Phone Number,Time Zone,First Name,Company'];
  for (let i = 0; i < good; i++) lines.push(`c-${tag}-${i},${randomPhone()},America/New_York,Ann${i},Acme ${i % 7}`);
  for (let i = 0; i < bad; i++) lines.push(`c-${tag}-bad-${i},not a phone,America/New_York,Bad${i},Bad`);
  return lines.join('\n') + '\n';
}

/** PUT /uploads with a Bearer key: answers the upload (MAPPING, with its suggested mapping). */
export async function putUpload(key: string, campaignId: string, csv: string, fileName = 'contacts.csv') {
  const response = await fetch(`${baseURL}/uploads?campaignId=${encodeURIComponent(campaignId)}&fileName=${encodeURIComponent(fileName)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
    body: csv,
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  return response.json();
}

/** Uploads a CSV, confirms the suggested mapping and waits for STAGED; answers the upload id. */
export async function stagedUpload(key: string, campaignId: string, csv: string, fileName = 'contacts.csv'): Promise<string> {
  const upload = await putUpload(key, campaignId, csv, fileName);
  const mapping = upload.suggestedMapping.map((m: { column: string; field: string; customKey: string | null }) => ({ column: m.column, field: m.field, customKey: m.customKey }));
  await gql(key, 'mutation($id: ID!, $mapping: [ColumnMappingInput!]!) { confirmMapping(uploadId: $id, mapping: $mapping) { status } }', { id: upload.id, mapping });
  await expect.poll(async () => (await gql(key, 'query($id: ID!) { upload(id: $id) { status } }', { id: upload.id })).upload.status).toBe('STAGED');
  return upload.id;
}

/**
 * The messy file with one more column whose name and values are new each run: the org's remembered mapping
 * (kept per header set) and the same-file notice (kept per sha256) then start fresh every run.
 */
export function messyCsv(): Buffer {
  const run = unique('run').replace(/\s+/g, '-');
  const lines = readFileSync('e2e/data/audience-messy.csv', 'utf8').split('\n');
  return Buffer.from(lines.map((line, i) => (line === '' ? line : i === 0 ? `${line},Batch ${run}` : `${line},${run}`)).join('\n'));
}
