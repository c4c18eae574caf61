import { test, expect, signInAs, keys, gql, baseURL, unique, expectAccessible, screenshot, watchConsole, consoleErrorsOf } from './fixtures';
import { createCampaign, contactsCsv, putUpload } from './data';

test('the list shows a new campaign with its status, and filters by status', async ({ page }) => {
  const draftName = unique('List draft');
  const cancelledName = unique('List cancelled');
  await createCampaign(keys.alice, draftName);
  const cancelledId = await createCampaign(keys.alice, cancelledName);
  await gql(keys.alice, 'mutation($id: ID!) { cancelCampaign(campaignId: $id) { status } }', { id: cancelledId });

  await signInAs(page, keys.alice);
  await page.goto('/campaigns');
  const table = page.getByRole('table', { name: 'Campaigns' });
  const draftRow = table.getByRole('row').filter({ has: page.getByRole('link', { name: draftName }) });
  await expect(draftRow).toContainText('DRAFT');
  await expect(draftRow).toContainText('alice');
  await expect(draftRow).toContainText('Audience');
  await expect(page.getByText(/of [\d,]+ campaigns/)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'campaigns-list');

  const status = page.getByLabel('Status');
  await status.selectOption('CANCELLED');
  await expect(table.getByRole('link', { name: cancelledName })).toBeVisible();
  await expect(table.getByRole('link', { name: draftName })).toHaveCount(0);
  for (const chip of await table.locator('tbody tr td:nth-child(3)').allTextContents()) expect(chip).toBe('CANCELLED');

  await status.selectOption('DRAFT');
  await expect(table.getByRole('link', { name: draftName })).toBeVisible();
  await expect(table.getByRole('link', { name: cancelledName })).toHaveCount(0);

  await status.selectOption('');
  await table.getByRole('link', { name: draftName }).click();
  await expect(page.getByRole('heading', { level: 1, name: draftName })).toBeVisible();
});

test('the list pages through campaigns twenty at a time, forward and back', async ({ page }) => {
  const prefix = unique('Paging');
  const fields = Array.from({ length: 25 }, (_, i) => `c${i}: createCampaign(input: { name: "${prefix} ${String(i).padStart(2, '0')}" }) { id }`);
  await gql(keys.alice, `mutation { ${fields.join(' ')} }`);

  await signInAs(page, keys.alice);
  await page.goto('/campaigns');
  const rows = page.getByRole('table', { name: 'Campaigns' }).locator('tbody tr');
  await expect(rows).toHaveCount(20);
  await expect(page.getByText(/^Showing 1–20 of [\d,]+ campaigns$/)).toBeVisible();
  const firstPageNames = await rows.locator('td:first-child').allTextContents();
  await expect(page.getByRole('button', { name: 'Previous page' })).toBeDisabled();

  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByText(/^Showing 21–(2[5-9]|3\d|40) of [\d,]+ campaigns$/)).toBeVisible();
  await expect(rows.first().locator('td').first()).not.toHaveText(firstPageNames[0]);
  const secondPageNames = await rows.locator('td:first-child').allTextContents();
  expect(secondPageNames.filter((n) => firstPageNames.includes(n))).toEqual([]);
  // The 25 just created are the newest: all of them on the first two pages.
  const mine = [...firstPageNames, ...secondPageNames].filter((n) => n.startsWith(prefix));
  expect(mine).toHaveLength(25);

  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(page.getByText(/^Showing 1–20 of [\d,]+ campaigns$/)).toBeVisible();
  await expect(rows.locator('td:first-child')).toHaveText(firstPageNames);
});

test('a campaign is created through the form and opens in the wizard', async ({ page, browser }) => {
  await signInAs(page, keys.alice);
  await page.goto('/campaigns');
  await page.getByRole('link', { name: 'Create campaign' }).click();
  await expect(page).toHaveURL(/\/campaigns\/new$/);
  const create = page.getByRole('button', { name: 'Create campaign' });
  await expect(create).toBeDisabled();
  await expectAccessible(page);
  await screenshot(page, 'create-campaign');

  const name = unique('Form campaign');
  await page.getByLabel('Campaign name').fill(name);
  await create.click();
  await expect(page).toHaveURL(/\/campaigns\/cmp_[^/]+\/wizard$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Wizard steps' }).locator('[aria-current="step"]')).toHaveText('Audience');

  // An SDR lead sees the form disabled, with the reason.
  const context = await browser.newContext({ baseURL });
  const sam = await context.newPage();
  watchConsole(sam);
  await signInAs(sam, keys.sam);
  await sam.goto('/campaigns/new');
  await expect(sam.getByLabel('Campaign name')).toBeDisabled();
  await expect(sam.getByRole('button', { name: 'Create campaign' })).toHaveAccessibleDescription(/SDR_LEAD.*SALES_OPS/);
  expect(consoleErrorsOf(sam)).toEqual([]);
  await context.close();
});

test('the campaign detail follows an upload live, from MAPPING through VALIDATING to STAGED, without a reload', async ({ page }) => {
  const name = unique('Live upload');
  const campaignId = await createCampaign(keys.alice, name);

  await signInAs(page, keys.alice);
  await page.goto(`/campaigns/${campaignId}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit in wizard' })).toBeVisible();
  // Every status the chip shows is recorded, so a short VALIDATING is not missed.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenStatuses: string[] }).seenStatuses = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="upload-status"]')?.textContent ?? '';
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });

  const upload = await putUpload(keys.alice, campaignId, contactsCsv(3000, 4), 'live.csv');
  const chip = page.getByTestId('upload-status');
  await expect(chip).toHaveText(/RECEIVING|MAPPING/);
  await expect(page.getByText('live.csv')).toBeVisible();

  const mapping = upload.suggestedMapping.map((m: { column: string; field: string; customKey: string | null }) => ({ column: m.column, field: m.field, customKey: m.customKey }));
  await gql(keys.alice, 'mutation($id: ID!, $mapping: [ColumnMappingInput!]!) { confirmMapping(uploadId: $id, mapping: $mapping) { status } }', { id: upload.id, mapping });
  await expect(chip).toHaveText('STAGED');
  const seen = await page.evaluate(() => (window as unknown as { seenStatuses: string[] }).seenStatuses);
  expect(seen).toContain('MAPPING');
  expect(seen).toContain('VALIDATING');
  expect(seen.indexOf('VALIDATING')).toBeLessThan(seen.indexOf('STAGED'));

  const section = page.getByRole('region', { name: 'Contact upload' });
  await expect(section).toContainText('3,004');
  await expect(section.getByRole('list', { name: 'Excluded rows by reason' })).toContainText('4');
  await expect(section.getByRole('link', { name: /rejection report/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Readiness checks' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'campaign-detail');
});

test('a second browser sees an upload arrive on the campaign detail while another one confirms it', async ({ page, browser }) => {
  const name = unique('Two windows');
  const campaignId = await createCampaign(keys.alice, name);
  await signInAs(page, keys.alice);
  await page.goto(`/campaigns/${campaignId}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

  const context = await browser.newContext({ baseURL });
  const other = await context.newPage();
  watchConsole(other);
  await signInAs(other, keys.alice);
  await other.goto(`/campaigns/${campaignId}`);
  await expect(other.getByRole('heading', { level: 1, name })).toBeVisible();

  const upload = await putUpload(keys.alice, campaignId, contactsCsv(50, 1), 'live.csv');
  await expect(other.getByTestId('upload-status')).toHaveText(/RECEIVING|MAPPING/);
  const mapping = upload.suggestedMapping.map((m: { column: string; field: string; customKey: string | null }) => ({ column: m.column, field: m.field, customKey: m.customKey }));
  await gql(keys.alice, 'mutation($id: ID!, $mapping: [ColumnMappingInput!]!) { confirmMapping(uploadId: $id, mapping: $mapping) { status } }', { id: upload.id, mapping });
  await expect(other.getByTestId('upload-status')).toHaveText('STAGED');
  await expect(page.getByTestId('upload-status')).toHaveText('STAGED');
  await expect(other.getByRole('region', { name: 'Contact upload' })).toContainText('Staged');
  expect(consoleErrorsOf(other)).toEqual([]);
  await context.close();
});

test('another organisation\'s campaign is not found', async ({ page }) => {
  const campaignId = await createCampaign(keys.gina, unique('Globex secret'));
  await signInAs(page, keys.alice);
  await page.goto(`/campaigns/${campaignId}`);
  await expect(page.getByText(`Campaign ${campaignId} was not found`)).toBeVisible();
  await expect(page.getByText('Globex secret')).toHaveCount(0);
});
