import { test, expect, keys, gql, signInAs, unique, expectConsoleError } from './fixtures';
import { createCampaign, contactsCsv, putUpload } from './data';

test('campaign detail catches up after its live connection dropped while the upload moved on', async ({ page }) => {
  const name = unique('Dropped connection');
  const campaignId = await createCampaign(keys.alice, name);

  // Every WebSocket the page opens is recorded; while "blocked", new ones go nowhere (a network outage).
  await page.addInitScript(() => {
    const w = window as unknown as { __sockets: WebSocket[]; __blocked: boolean; WebSocket: typeof WebSocket };
    const Native = w.WebSocket;
    w.__sockets = [];
    w.__blocked = false;
    w.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(w.__blocked ? 'ws://127.0.0.1:9/' : url, protocols);
        w.__sockets.push(this);
      }
    };
  });
  expectConsoleError(page, /ws:\/\/127\.0\.0\.1:9\//);

  await signInAs(page, keys.alice);
  await page.goto(`/campaigns/${campaignId}`);
  const upload = await putUpload(keys.alice, campaignId, contactsCsv(20, 1));
  await expect(page.getByTestId('upload-status')).toHaveText('MAPPING');

  // The connection drops, and stays down while the upload is confirmed and validated.
  await page.evaluate(() => {
    const w = window as unknown as { __sockets: WebSocket[]; __blocked: boolean };
    w.__blocked = true;
    for (const socket of w.__sockets) socket.close(3001, 'the test drops the connection');
  });
  const mapping = upload.suggestedMapping.map((m: { column: string; field: string; customKey: string | null }) => ({ column: m.column, field: m.field, customKey: m.customKey }));
  await gql(keys.alice, 'mutation($id: ID!, $mapping: [ColumnMappingInput!]!) { confirmMapping(uploadId: $id, mapping: $mapping) { status } }', { id: upload.id, mapping });
  await expect.poll(async () => (await gql(keys.alice, 'query($id: ID!) { upload(id: $id) { status } }', { id: upload.id })).upload.status).toBe('STAGED');
  await expect(page.getByTestId('upload-status')).toHaveText('MAPPING');

  // The network is back: the client reconnects by itself and the page shows where the upload is now.
  await page.evaluate(() => {
    (window as unknown as { __blocked: boolean }).__blocked = false;
  });
  await expect(page.getByTestId('upload-status')).toHaveText('STAGED', { timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Contact upload' })).toContainText('Staged');
  expect(await page.evaluate(() => (window as unknown as { __sockets: WebSocket[] }).__sockets.length)).toBeGreaterThan(2);
});
