import { test, expect, signInAs, keys, gql, newSignedInPage, unique, expectAccessible, screenshot } from './fixtures';
import { createCampaign, contactsCsv, stagedUpload } from './data';

test('Sales Ops drives a staged draft through Schedule, Outcomes and Review, and launches it after both sign-offs', async ({ page, browser }) => {
  const name = unique('Wizard launch');
  const campaignId = await createCampaign(keys.alice, name);
  const uploadId = await stagedUpload(keys.alice, campaignId, contactsCsv(5, 1));

  await signInAs(page, keys.alice);
  await page.goto(`/campaigns/${campaignId}/wizard`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const steps = page.getByRole('navigation', { name: 'Wizard steps' });
  await expect(steps.locator('[aria-current="step"]')).toHaveText('Audience');
  const next = page.getByRole('button', { name: 'Next', exact: true });
  await expect(next).toBeEnabled();
  await next.click();

  // Schedule: Next waits for a saved schedule, and says so.
  await expect(steps.locator('[aria-current="step"]')).toHaveText('Schedule');
  await expect(next).toBeDisabled();
  await expect(next).toHaveAccessibleDescription(/Set a schedule/);
  await page.getByLabel('Fixed time zone').check();
  await page.getByLabel('Time zone', { exact: true }).fill('America/New_York');
  await page.getByLabel('Window start').fill('08:30');
  await page.getByLabel('Window end').fill('17:30');
  await page.getByLabel('Sat', { exact: true }).check();
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByText('Schedule saved.')).toBeVisible();
  await expect(next).toBeEnabled();
  await expectAccessible(page);
  await screenshot(page, 'wizard-schedule');

  // A reload comes back to the same step with the same values: they live on the server.
  await page.reload();
  await expect(steps.locator('[aria-current="step"]')).toHaveText('Schedule');
  await expect(page.getByLabel('Window start')).toHaveValue('08:30');
  await expect(page.getByLabel('Fixed time zone')).toBeChecked();
  await expect(page.getByLabel('Time zone', { exact: true })).toHaveValue('America/New_York');
  await expect(page.getByLabel('Sat', { exact: true })).toBeChecked();
  await next.click();

  // Outcomes: defaults are offered; Next waits for them to be saved.
  await expect(steps.locator('[aria-current="step"]')).toHaveText('Outcomes');
  await expect(next).toBeDisabled();
  await expect(next).toHaveAccessibleDescription(/Set the outcomes/);
  await expect(page.getByLabel('Disposition 1', { exact: true })).toHaveValue('connected');
  await expect(page.getByLabel('Disposition 4', { exact: true })).toHaveValue('meeting_booked');
  await page.getByLabel('CRM object').fill('Lead');
  await page.getByRole('button', { name: 'Add write-back field' }).click();
  await page.getByLabel('Write-back 1 disposition').selectOption('meeting_booked');
  await page.getByLabel('Write-back 1 CRM field').fill('Status');
  await page.getByLabel('Write-back 1 value').fill('Meeting booked');
  await page.getByRole('button', { name: 'Save outcomes' }).click();
  await expect(page.getByText('Outcomes saved.')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'wizard-outcomes');
  await next.click();

  // Review: every choice summarised, launch gated on the readiness checks.
  await expect(steps.locator('[aria-current="step"]')).toHaveText('Review');
  await expect(page.getByText('Fixed time zone (America/New_York)')).toBeVisible();
  await expect(page.getByText('meeting_booked → Status = Meeting booked')).toBeVisible();
  const launch = page.getByRole('button', { name: 'Launch campaign' });
  await expect(launch).toBeDisabled();
  await expect(launch).toHaveAccessibleDescription(/readiness checks? ha(s|ve) not passed/);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Draft saved.')).toBeVisible();
  const checklist = page.getByRole('list', { name: 'Readiness checks' });
  await expect(checklist.locator('li', { hasText: 'upload.attached' })).toContainText('Passed');

  // The one rejected row must be acknowledged; the checklist follows it live.
  await expect(checklist.locator('li', { hasText: 'rejections.acknowledged' }).getByRole('link', { name: 'Fix in Audience' })).toBeVisible();
  await gql(keys.alice, 'mutation($id: ID!) { acknowledgeRejections(uploadId: $id, note: "bad phone, known") { rejectionsAcknowledged } }', { id: uploadId });
  await expect(checklist.locator('li', { hasText: 'rejections.acknowledged' })).toContainText('Passed');

  // Alice owns the draft but is not compliance.
  const asCompliance = page.getByRole('button', { name: 'Sign off as compliance' });
  await expect(asCompliance).toBeDisabled();
  await expect(asCompliance).toHaveAccessibleDescription('Signing off as compliance needs the COMPLIANCE role.');
  await page.getByLabel('Owner note (optional)').fill('List checked');
  await page.getByRole('button', { name: 'Sign off as owner' }).click();
  await expect(page.locator('#signoffs')).toContainText('by alice');

  // Cora signs off as compliance in her own browser; she cannot sign off as owner.
  const cora = await newSignedInPage(browser, keys.cora);
  await cora.goto(`/campaigns/${campaignId}/wizard`);
  await expect(cora.getByRole('navigation', { name: 'Wizard steps' }).locator('[aria-current="step"]')).toHaveText('Review');
  await expect(cora.getByRole('button', { name: 'Sign off as owner' })).toBeDisabled();
  await cora.getByRole('button', { name: 'Sign off as compliance' }).click();
  await expect(cora.locator('#signoffs')).toContainText('by cora');
  await cora.context().close();

  // Alice's page hears about it without a reload; every check is green.
  await expect(page.locator('#signoffs')).toContainText('by cora');
  await expect(page.getByText('Every check passed: the campaign can be launched.')).toBeVisible();
  await expect(launch).toBeEnabled();
  await expectAccessible(page);
  await screenshot(page, 'wizard-review');

  await launch.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Launch and create 5 dial tasks?');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await launch.click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();

  await expect(page).toHaveURL(new RegExp(`/campaigns/${campaignId}$`));
  await expect(page.getByTestId('upload-status')).toHaveText('CONSUMED');
  await expect(page.getByTestId('task-count')).toHaveText('5');
  await expect(page.getByRole('heading', { name: 'Dial tasks' })).toBeVisible();
});

test('a schedule saved over someone else\'s newer change is refused and the draft reloaded', async ({ page }) => {
  const campaignId = await createCampaign(keys.alice, unique('Wizard conflict'));
  await stagedUpload(keys.alice, campaignId, contactsCsv(2, 0));
  await gql(keys.alice, 'mutation($id: ID!) { goToStep(id: $id, step: SCHEDULE) { step } }', { id: campaignId });

  await signInAs(page, keys.alice);
  await page.goto(`/campaigns/${campaignId}/wizard`);
  await expect(page.getByRole('heading', { name: 'Schedule', level: 2 })).toBeVisible();
  await page.getByLabel('Window start').fill('10:00');

  // Someone else saves a schedule meanwhile.
  const startDate = new Date(Date.now() + 86_400_000 * 2).toISOString().slice(0, 10);
  await gql(keys.alice, 'mutation($id: ID!, $d: String!) { setSchedule(campaignId: $id, input: { mode: CONTACT_LOCAL, windowStart: "07:00", windowEnd: "11:00", days: [TUE], startDate: $d }) { version } }', { id: campaignId, d: startDate });

  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByRole('alert')).toContainText('Someone else changed this draft: reloaded');
  await expect(page.getByLabel('Window start')).toHaveValue('07:00');
  await expect(page.getByLabel('Tue', { exact: true })).toBeChecked();
});

test('an SDR lead sees the wizard read-only, with the reason next to every disabled control', async ({ page }) => {
  const campaignId = await createCampaign(keys.alice, unique('Wizard read-only'));
  await stagedUpload(keys.alice, campaignId, contactsCsv(2, 0));

  await signInAs(page, keys.sam);
  await page.goto(`/campaigns/${campaignId}/wizard`);
  const next = page.getByRole('button', { name: 'Next', exact: true });
  await expect(next).toBeDisabled();
  await expect(next).toHaveAccessibleDescription(/Read-only: your role \(SDR_LEAD\)/);

  // Sam can look at every step without moving the draft.
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: 'Schedule' }).click();
  await expect(page.getByLabel('Window start')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save schedule' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save schedule' })).toHaveAccessibleDescription(/SALES_OPS/);
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: 'Review' }).click();
  await expect(page.getByRole('button', { name: 'Save draft' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Sign off as owner' })).toHaveAccessibleDescription('Only the campaign owner (alice) can sign off as owner.');
  await expectAccessible(page);
  const stored = await gql(keys.alice, 'query($id: ID!) { campaign(id: $id) { step } }', { id: campaignId });
  expect(stored.campaign.step).toBe('AUDIENCE');
});

test('another organisation\'s draft is not found in the wizard', async ({ page }) => {
  const campaignId = await createCampaign(keys.gina, unique('Globex wizard'));
  await signInAs(page, keys.alice);
  await page.goto(`/campaigns/${campaignId}/wizard`);
  await expect(page.getByText(`Campaign ${campaignId} was not found`)).toBeVisible();
});
