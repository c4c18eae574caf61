import { test, expect, keys, gql, baseURL, signIn, unique, expectAccessible, screenshot } from './fixtures';

test('an operator sees the silos, an upload still in flight, and a campaign grain’s stored state', async ({ page }) => {
  // OPS cannot create campaigns: Sales Ops (same org) makes one and starts an upload left waiting for its mapping.
  const name = unique('Ops grain');
  const created = await gql(keys.alice, 'mutation($n: String!) { createCampaign(input: { name: $n }) { id } }', { n: name });
  const campaignId: string = created.createCampaign.id;
  const fileName = `ops-${Date.now().toString(36)}.csv`;
  const response = await fetch(`${baseURL}/uploads?campaignId=${campaignId}&fileName=${fileName}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${keys.alice}`, 'content-type': 'text/csv' },
    body: `Contact ID,Phone Number\nops-${Date.now()},+1 415 555 0111\n`,
  });
  expect(response.ok).toBe(true);
  const upload = await response.json();

  try {
    await signIn(page, keys.olga);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Ops', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Ops', level: 1 })).toBeVisible();

    const silos = page.getByRole('region', { name: /Silos/ });
    await expect(silos.getByRole('row').filter({ hasText: 'ACTIVE' }).first()).toBeVisible();
    const active = page.getByRole('region', { name: /Active uploads/ });
    const uploadRow = active.getByRole('row').filter({ hasText: fileName });
    await expect(uploadRow).toContainText('MAPPING');
    await expect(uploadRow.getByRole('link', { name: campaignId })).toHaveAttribute('href', `/campaigns/${campaignId}`);

    const dashboard = page.getByRole('link', { name: /Open the Orleans dashboard/ });
    await expect(dashboard).toHaveAttribute('href', '/dashboard/');
    await expect(dashboard).toHaveAttribute('target', '_blank');
    await expect(page.getByText('your OPS API key as the password')).toBeVisible();

    await page.getByLabel('Grain kind').selectOption('CAMPAIGN');
    await page.getByLabel('Grain key').fill(campaignId);
    await page.getByRole('button', { name: 'Show state' }).click();
    const state = page.getByRole('region', { name: `State of CAMPAIGN ${campaignId}` });
    await expect(state).toContainText(name);
    await expect(state).toContainText(upload.id);
    // The JSON scrolls inside its own box, never the page.
    expect(await state.evaluate((el) => getComputedStyle(el).overflow)).toBe('auto');
    await expectAccessible(page);
    await screenshot(page, 'ops');

    await page.getByLabel('Grain kind').selectOption('SEGMENT');
    await page.getByLabel('Grain key').fill('seg_does_not_exist');
    await page.getByRole('button', { name: 'Show state' }).click();
    await expect(page.getByRole('alert')).toContainText('NOT_FOUND');
  } finally {
    // Finish the upload so it leaves the active list of later runs.
    await gql(keys.alice, 'mutation($u: ID!) { confirmMapping(uploadId: $u, mapping: [{ column: "Contact ID", field: IDENTIFIER }, { column: "Phone Number", field: PHONE }]) { status } }', {
      u: upload.id,
    });
  }
  // Finished, it leaves the list (the page asks again every few seconds).
  await expect(page.getByRole('region', { name: /Active uploads/ }).getByRole('row').filter({ hasText: fileName })).toHaveCount(0);
});

test('someone without the OPS role is told why Ops is not theirs', async ({ page }) => {
  await signIn(page, keys.alice);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Ops', exact: true })).toHaveCount(0);
  await page.goto('/ops');
  await expect(page.getByRole('status')).toContainText('is for the OPS role');
  await expect(page.getByLabel('Grain key')).toHaveCount(0);
});
