import { test, expect, keys, newSignedInPage, signIn, unique, screenshot } from './fixtures';
import { messyCsv } from './data';

test('Sales Ops takes a messy CSV through every wizard step to launch, and the campaign then shows its dial tasks', async ({ page, browser }) => {
  const name = unique('Full wizard');
  await signIn(page, keys.alice);

  // Campaigns -> Create campaign -> the wizard's first step.
  await page.getByRole('link', { name: 'Create campaign' }).click();
  await page.getByLabel('Campaign name').fill(name);
  await page.getByRole('button', { name: /Create/ }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const campaignId = page.url().match(/campaigns\/(cmp_[^/]+)\/wizard/)![1];
  const steps = page.getByRole('navigation', { name: 'Wizard steps' });
  const next = page.getByRole('button', { name: 'Next', exact: true });
  await expect(steps.locator('[aria-current="step"]')).toHaveText('Audience');
  await expect(next).toBeDisabled();

  // Audience: the suggested mapping gets "Account" (CRM ids) wrong; fixed by hand before confirming.
  await page.getByLabel('Contact file (CSV)').setInputFiles({ name: 'messy.csv', mimeType: 'text/csv', buffer: messyCsv() });
  const account = page.getByRole('combobox', { name: 'Field for column Account' });
  await expect(account).toHaveValue('COMPANY');
  await account.selectOption('CRM_ID');
  await page.getByRole('button', { name: 'Confirm mapping' }).click();
  const counts = page.getByRole('list', { name: 'Upload counts' });
  await expect(counts).toContainText('26Accepted');
  await expect(counts).toContainText('10Rejected');
  await page.getByLabel('Acknowledgement note').fill('Known bad numbers');
  await page.getByRole('button', { name: 'Acknowledge rejections' }).click();
  await expect(page.getByText(/Rejections acknowledged by alice/)).toBeVisible();
  await expect(next).toBeEnabled();
  await next.click();

  // Schedule and Outcomes.
  await expect(steps.locator('[aria-current="step"]')).toHaveText('Schedule');
  await page.getByLabel('Fixed time zone').check();
  await page.getByLabel('Time zone', { exact: true }).fill('America/Chicago');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByText('Schedule saved.')).toBeVisible();
  await next.click();
  await expect(steps.locator('[aria-current="step"]')).toHaveText('Outcomes');
  await page.getByLabel('CRM object').fill('Lead');
  await page.getByRole('button', { name: 'Save outcomes' }).click();
  await expect(page.getByText('Outcomes saved.')).toBeVisible();
  await next.click();

  // Review: save (attaches the upload), both sign-offs, launch after the confirmation.
  await expect(steps.locator('[aria-current="step"]')).toHaveText('Review');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Draft saved.')).toBeVisible();
  await page.getByRole('button', { name: 'Sign off as owner' }).click();
  await expect(page.locator('#signoffs')).toContainText('by alice');
  const cora = await newSignedInPage(browser, keys.cora);
  await cora.goto(`/campaigns/${campaignId}/wizard`);
  await cora.getByRole('button', { name: 'Sign off as compliance' }).click();
  await expect(cora.locator('#signoffs')).toContainText('by cora');
  await cora.context().close();

  const launch = page.getByRole('button', { name: 'Launch campaign' });
  await expect(page.getByText('Every check passed: the campaign can be launched.')).toBeVisible();
  await launch.click();
  await expect(page.getByRole('dialog')).toContainText('Launch and create 26 dial tasks?');
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();

  // Campaign detail: the upload CONSUMED, one dial task per accepted contact.
  await expect(page).toHaveURL(new RegExp(`/campaigns/${campaignId}$`));
  await expect(page.getByTestId('upload-status')).toHaveText('CONSUMED');
  await expect(page.getByTestId('task-count')).toHaveText('26');
  await screenshot(page, 'campaign-detail-launched');
});
