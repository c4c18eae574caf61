import { test, expect, keys, gql, baseURL, signIn, unique, expectAccessible, screenshot } from './fixtures';

/** A token for this run: ids, phones and segment values no earlier run used. */
function runToken(): string {
  return unique('d').split(' ')[1].replace(/[^a-z0-9]/gi, '').toLowerCase();
}

/** A random US number in the fictional 555-01xx range, written as people write it. */
function randomPhone(area: string): { written: string; e164: string } {
  const line = String(100 + Math.floor(Math.random() * 100)).padStart(4, '0');
  const exchange = String(200 + Math.floor(Math.random() * 700));
  return { written: `(${area}) ${exchange}-${line}`, e164: `+1${area}${exchange}${line}` };
}

interface Seeded {
  campaignId: string;
  campaignName: string;
  uploadId: string;
  ids: string[];
  token: string;
}

/**
 * Three contacts in the org directory, as a person would put them there: a draft, a CSV upload, the
 * suggested mapping (Region and Batch as custom attributes), validation, saveDraft.
 */
async function seedDirectory(): Promise<Seeded> {
  const token = runToken();
  const campaignName = unique('Directory seed');
  const created = await gql(keys.alice, 'mutation($n: String!) { createCampaign(input: { name: $n }) { id } }', { n: campaignName });
  const campaignId: string = created.createCampaign.id;
  const ids = [`${token}-1`, `${token}-2`, `${token}-3`];
  const phones = [randomPhone('415'), randomPhone('628'), randomPhone('510')];
  const csv = [
    'Contact ID,First Name,Last Name,Phone Number,Company,Time Zone,Region,Batch',
    `${ids[0]},Ada,Lovelace,${phones[0].written},Analytical Engines,America/Los_Angeles,West,${token}`,
    `${ids[1]},Grace,Hopper,${phones[1].written},Navy Labs,America/Los_Angeles,West,${token}`,
    `${ids[2]},Alan,Turing,${phones[2].written},Bletchley,America/Los_Angeles,East,${token}`,
  ].join('\n');
  const response = await fetch(`${baseURL}/uploads?campaignId=${campaignId}&fileName=directory-${token}.csv`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${keys.alice}`, 'content-type': 'text/csv' },
    body: csv,
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  const upload = await response.json();
  const mapping = upload.suggestedMapping.map((m: { column: string; field: string; customKey: string | null }) =>
    m.column === 'Region' || m.column === 'Batch'
      ? { column: m.column, field: 'CUSTOM', customKey: m.column.toLowerCase() }
      : { column: m.column, field: m.field, customKey: m.customKey },
  );
  await gql(keys.alice, 'mutation($u: ID!, $m: [ColumnMappingInput!]!) { confirmMapping(uploadId: $u, mapping: $m) { status } }', {
    u: upload.id,
    m: mapping,
  });
  const uploadState = async () => (await gql(keys.alice, 'query($u: ID!) { upload(id: $u) { status inDirectoryAt } }', { u: upload.id })).upload;
  await expect.poll(async () => (await uploadState()).status, { timeout: 60_000 }).toBe('STAGED');
  await gql(keys.alice, 'mutation($c: ID!) { saveDraft(campaignId: $c) { id } }', { c: campaignId });
  await expect.poll(async () => Boolean((await uploadState()).inDirectoryAt), { timeout: 60_000 }).toBe(true);
  return { campaignId, campaignName, uploadId: upload.id, ids, token };
}

test.describe('compliance', () => {
  test('a compliance officer adds pasted numbers, sees the invalid one named, searches and removes them', async ({ page }) => {
    const a = randomPhone('917');
    const b = randomPhone('917');
    await signIn(page, keys.cora);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compliance', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Compliance', level: 1 })).toBeVisible();

    await page.getByLabel('Phone numbers to suppress').fill(`${a.written}\n${b.written}, not-a-phone`);
    await page.getByLabel('Reason').fill('Asked not to be called (e2e)');
    await expect(page.getByLabel('Default region')).toHaveValue('US');
    await page.getByRole('button', { name: 'Add to suppression list' }).click();
    const outcome = page.getByRole('status').filter({ hasText: 'Added 2 numbers' });
    await expect(outcome).toBeVisible();
    await expect(page.getByRole('list', { name: 'Invalid values' })).toHaveText('not-a-phone');
    await expect(page.getByText(/Suppression list version \d+ \(after your last change\)/)).toBeVisible();

    // Search as people write numbers: both are found by their area and exchange.
    await page.getByLabel('Search suppressions').fill(a.written);
    await expect(page.getByRole('row').filter({ hasText: a.e164 })).toContainText('Asked not to be called (e2e)');
    await expect(page.getByRole('row').filter({ hasText: a.e164 })).toContainText('cora');
    await expect(page.getByRole('heading', { name: /Suppression list \(1 number matching\)/ })).toBeVisible();
    await page.getByLabel('Search suppressions').fill(`+1917`);
    await expect(page.getByRole('row').filter({ hasText: b.e164 })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'compliance');

    // One by its own button, after a confirmation; the other ticked and removed as a selection.
    await page.getByRole('button', { name: `Remove ${a.e164}` }).click();
    await expect(page.getByRole('alertdialog')).toContainText(`Remove ${a.e164} from the suppression list?`);
    await page.getByRole('button', { name: `Yes, remove ${a.e164}` }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Removed 1 number' })).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: a.e164 })).toHaveCount(0);

    await page.getByLabel('Search suppressions').fill(b.e164);
    await expect(page.getByRole('row').filter({ hasText: b.e164 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Remove selected' })).toBeDisabled();
    await page.getByRole('checkbox', { name: `Select ${b.e164}` }).check();
    await page.getByRole('button', { name: 'Remove selected (1)' }).click();
    await page.getByRole('button', { name: `Yes, remove ${b.e164}` }).click();
    await expect(page.getByText(`No suppressed number matches “${b.e164}”.`)).toBeVisible();
  });

  test('someone without the COMPLIANCE role is told why the suppression list is not theirs', async ({ page }) => {
    await signIn(page, keys.alice);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compliance', exact: true })).toHaveCount(0);
    await page.goto('/compliance');
    await expect(page.getByRole('status')).toContainText('managed by the COMPLIANCE role');
    await expect(page.getByLabel('Phone numbers to suppress')).toHaveCount(0);
  });
});

test.describe('directory', () => {
  test('contacts of a saved draft are found in the directory, and one shows its fields, upload and campaign', async ({ page }) => {
    const seed = await seedDirectory();
    await signIn(page, keys.alice);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Contacts', level: 1 })).toBeVisible();
    await page.getByLabel('Search contacts').fill(seed.token);
    await expect(page.getByText(`3 contacts matching “${seed.token}”`)).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: seed.ids[1] });
    await expect(row).toContainText('Grace Hopper');
    await expect(row).toContainText('Navy Labs');
    await expect(row).toContainText('America/Los_Angeles');
    await expectAccessible(page);
    await screenshot(page, 'contacts');

    await page.getByRole('link', { name: seed.ids[1] }).click();
    await expect(page.getByRole('heading', { name: `Contact ${seed.ids[1]}`, level: 1 })).toBeVisible();
    await expect(page.getByText('Grace Hopper')).toBeVisible();
    const custom = page.getByRole('region', { name: 'Custom attributes' });
    await expect(custom).toContainText('region');
    await expect(custom).toContainText('West');
    await expect(custom).toContainText(seed.token);
    await expect(page.getByRole('region', { name: 'Uploads that carried this contact' })).toContainText(`directory-${seed.token}.csv`);
    await expect(page.getByRole('region', { name: 'Uploads that carried this contact' }).getByRole('link', { name: seed.campaignId })).toHaveAttribute(
      'href',
      `/campaigns/${seed.campaignId}`,
    );
    await expect(page.getByRole('region', { name: 'Campaigns' }).getByRole('link', { name: seed.campaignName })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'contact');

    await page.goto(`/contacts/${seed.token}-nobody`);
    await expect(page.getByText(`Contact ${seed.token}-nobody was not found`)).toBeVisible();
  });

  test('a segment counts its members live while its conditions are edited, is saved, changed, and deleted', async ({ page }) => {
    const seed = await seedDirectory();
    const name = unique('West batch');
    await signIn(page, keys.alice);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments', exact: true }).click();
    await page.getByRole('link', { name: 'New segment' }).click();
    await expect(page.getByRole('heading', { name: 'New segment', level: 1 })).toBeVisible();

    // Incomplete conditions are not counted: the builder says what is missing instead.
    const live = page.getByRole('status', { name: 'Live member count' });
    await expect(live).toHaveAttribute('aria-live', 'polite');
    const missing = page.getByRole('list', { name: 'Missing to count' });
    await expect(missing).toHaveText('Condition 1: a value.');
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Field for condition 1').selectOption('CUSTOM');
    await expect(missing.getByRole('listitem')).toHaveText(['Condition 1: the custom attribute’s key.', 'Condition 1: a value.']);
    await page.getByLabel('Key for condition 1').fill('batch');
    await page.getByLabel('Operator for condition 1').selectOption('EQUALS');
    await page.getByLabel('Values for condition 1').fill(seed.token);

    // Counted before saving: the whole seeded batch.
    await expect(live).toHaveText('3 contacts match');
    const counts = page.getByRole('group', { name: 'Member counts' });
    await expect(counts).toContainText('3 Members');
    await expect(page.getByRole('link', { name: seed.ids[2] })).toBeVisible();

    // A new, empty condition holds the count back and names what it lacks.
    await page.getByRole('button', { name: 'Add condition' }).click();
    await expect(missing).toHaveText('Condition 2: a value.');
    await expect(counts).toHaveCount(0);
    await page.getByLabel('Field for condition 2').selectOption('CUSTOM');
    await page.getByLabel('Key for condition 2').fill('region');
    await page.getByLabel('Operator for condition 2').selectOption('IN');
    await page.getByLabel('Values for condition 2').fill('west, north');
    await expect(live).toHaveText('2 contacts match');
    await expect(missing).toHaveCount(0);
    await expect(counts).toContainText('2 Members');
    await expect(counts).toContainText('2 Dialable');
    await expect(page.getByRole('link', { name: seed.ids[0] })).toBeVisible();
    await expect(page.getByRole('link', { name: seed.ids[2] })).toHaveCount(0);

    // Complete but wrong: the server's refusal is shown with its code.
    await page.getByLabel('Operator for condition 2').selectOption('EQUALS');
    const refusal = page.getByRole('alert').filter({ hasText: 'The server cannot count these conditions' });
    await expect(refusal).toContainText('INVALID_INPUT');
    await expect(live).toHaveText('Not counted: the server refused these conditions.');
    await page.getByLabel('Operator for condition 2').selectOption('IN');
    await expect(live).toHaveText('2 contacts match');
    await expect(refusal).toHaveCount(0);

    await page.getByRole('button', { name: 'Save segment' }).click();
    await expect(page).toHaveURL(/\/segments\/seg_/);
    await expect(page.getByRole('heading', { name: `Segment: ${name}`, level: 1 })).toBeVisible();
    await expect(live).toHaveText('2 contacts match');
    await expect(page.getByText('Saved: 2 members', { exact: true })).toBeVisible();
    await expect(counts).toContainText('2 Members');
    await expect(page.getByRole('link', { name: seed.ids[0] })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'segment-builder');

    // A change is counted at once; the saved count stays beside it until the change is saved.
    await page.getByLabel('Values for condition 2').fill('West, East');
    await expect(live).toHaveText('3 contacts match');
    await expect(counts).toContainText('3 Members');
    await expect(page.getByText('Saved: 2 members (the saved conditions; yours are not saved yet)')).toBeVisible();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Saved: version \d+\.$/ })).toBeVisible();
    await expect(page.getByText('Saved: 3 members', { exact: true })).toBeVisible();
    await expect(live).toHaveText('3 contacts match');

    await page.getByRole('link', { name: 'All segments' }).click();
    const listed = page.getByRole('row').filter({ hasText: name });
    await expect(listed).toContainText('“batch” equals');
    await expect(listed).toContainText('“region” is one of West, East');
    await expect(listed.getByRole('cell').nth(2)).toHaveText('3');
    await expect(listed).toContainText('alice');
    await expectAccessible(page);
    await screenshot(page, 'segments');

    await listed.getByRole('link', { name }).click();
    await page.getByRole('button', { name: 'Delete segment' }).click();
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await expect(page.getByRole('heading', { name: 'Segments', level: 1 })).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0);
  });

  test('a read-only person sees a segment but cannot change it, and is told why', async ({ page }) => {
    const seed = await seedDirectory();
    const created = await gql(keys.alice, 'mutation($i: SegmentInput!) { createSegment(input: $i) { id } }', {
      i: { name: unique('Read only'), conditions: [{ field: 'CUSTOM', key: 'batch', operator: 'EQUALS', values: [seed.token] }] },
    });
    await signIn(page, keys.sam);
    await page.goto(`/segments/${created.createSegment.id}`);
    await expect(page.getByRole('group', { name: 'Member counts' })).toContainText('3 Members');
    await expect(page.getByRole('button', { name: 'Save changes' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Save changes' })).toHaveAccessibleDescription(/SALES_OPS role/);
    await expect(page.getByLabel('Values for condition 1')).toBeDisabled();
    await gql(keys.alice, 'mutation($id: ID!) { deleteSegment(id: $id) { id } }', { id: created.createSegment.id });
  });
});

test.describe('audience from the directory', () => {
  test('pasted contact ids are counted while pasting, then resolved by the server with the unknown ones named', async ({ page }) => {
    const seed = await seedDirectory();
    const created = await gql(keys.alice, 'mutation($n: String!) { createCampaign(input: { name: $n }) { id } }', { n: unique('Pasted ids') });
    const campaignId: string = created.createCampaign.id;
    await signIn(page, keys.alice);
    await page.goto(`/campaigns/${campaignId}/wizard`);
    await page.getByRole('radio', { name: /Paste contact IDs/ }).check();

    const unknown = `${seed.token}-unknown`;
    await page.getByRole('textbox', { name: 'Contact IDs' }).fill(`${seed.ids[0]}, ${seed.ids[1]}\n${seed.ids[1]};"${seed.ids[2]}"\t${unknown}`);
    await expect(page.getByTestId('pasted-counts')).toHaveText('5 ids pasted · 1 repeat within the paste · 4 distinct ids');
    await page.getByRole('button', { name: 'Use these contacts' }).click();

    const resolved = page.getByRole('region', { name: 'The server resolved your paste' });
    await expect(resolved).toContainText('Pasted5');
    await expect(resolved).toContainText('Repeats1');
    await expect(resolved).toContainText('Resolved3');
    await expect(resolved).toContainText('Unknown1');
    await expect(resolved).toContainText('Dialable3');
    await expect(resolved.getByRole('list', { name: 'Unknown ids' })).toHaveText(unknown);
    await expectAccessible(page);
    await screenshot(page, 'audience-paste-ids');

    // On a later visit the campaign's current pasted audience is shown as it is.
    await page.reload();
    const current = page.getByRole('region', { name: 'Current audience: pasted contact ids' });
    await expect(current).toContainText('Resolved3');
  });

  test('a segment is picked with its live count and becomes the audience', async ({ page }) => {
    const seed = await seedDirectory();
    const segmentName = unique('Audience segment');
    await gql(keys.alice, 'mutation($i: SegmentInput!) { createSegment(input: $i) { id } }', {
      i: { name: segmentName, conditions: [{ field: 'CUSTOM', key: 'batch', operator: 'EQUALS', values: [seed.token] }] },
    });
    const created = await gql(keys.alice, 'mutation($n: String!) { createCampaign(input: { name: $n }) { id } }', { n: unique('Segment audience') });
    const campaignId: string = created.createCampaign.id;
    await signIn(page, keys.alice);
    await page.goto(`/campaigns/${campaignId}/wizard`);
    await page.getByRole('radio', { name: /Segment/ }).check();
    await expect(page.getByRole('link', { name: 'Build a new segment' })).toHaveAttribute('href', '/segments/new');
    await page.getByRole('combobox', { name: 'Segment' }).selectOption({ label: segmentName });
    await expect(page.getByText('3 members now: 3 dialable, 0 suppressed.')).toBeVisible();
    await page.getByRole('button', { name: 'Use this segment' }).click();
    const current = page.getByRole('region', { name: `Current audience: segment “${segmentName}”` });
    await expect(current).toContainText('Members3');
    await expect(current).toContainText('Dialable3');
    await expectAccessible(page);
    await screenshot(page, 'audience-segment');
  });
});
