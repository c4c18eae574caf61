import type { Page } from '@playwright/test';
import { test, expect, signInAs, keys, unique, baseURL, expectAccessible, screenshot, watchConsole, consoleErrorsOf } from './fixtures';
import { createCampaign, messyCsv } from './data';

/** Signs in as the sign-in page does (the session cookie), then opens the page. */
async function openSignedIn(page: Page, key: string, path: string): Promise<void> {
  await signInAs(page, key);
  await page.goto(path);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

test('a messy CSV is uploaded, its wrong column fixed by hand, validated, and its rejections reviewed and acknowledged', async ({ page, browser }) => {
  const campaignId = await createCampaign(keys.alice, unique('Audience messy'));
  const csv = messyCsv();
  await openSignedIn(page, keys.alice, `/campaigns/${campaignId}/wizard`);

  await expect(page.getByRole('radiogroup', { name: 'Audience source' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /CSV file/ })).toBeChecked();
  await page.getByLabel('Contact file (CSV)').setInputFiles({ name: 'audience-messy.csv', mimeType: 'text/csv', buffer: csv });

  // The upload's progress: all bytes sent, and it stays to say so.
  const uploadProgress = page.getByRole('progressbar', { name: 'Upload progress' });
  await expect(uploadProgress).toHaveAttribute('value', String(csv.length));
  await expect(page.getByText(/Uploaded audience-messy\.csv: .* \(100%\)/)).toBeVisible();

  // MAPPING: the file's facts and the suggestion. "Account" holds CRM ids but is suggested as Company.
  await expect(page.getByText('utf-8', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Encoding')).toHaveValue('utf-8');
  await expect(page.getByLabel('Delimiter')).toHaveValue(',');
  const grid = page.getByRole('table', { name: 'Column mapping' });
  const account = page.getByRole('combobox', { name: 'Field for column Account' });
  await expect(account).toHaveValue('COMPANY');
  await expect(grid.getByRole('row', { name: /Account/ })).toContainText('Company 85%');
  await expect(grid.getByRole('row', { name: /Account/ })).toContainText('0015g00000AC1000');
  await expect(page.getByRole('combobox', { name: 'Field for column Ref' })).toHaveValue('IDENTIFIER');
  await expect(page.getByRole('combobox', { name: 'Field for column Mobile' })).toHaveValue('PHONE');

  // A wrong fix first: Phone twice keeps Confirm disabled with the reason.
  const confirm = page.getByRole('button', { name: 'Confirm mapping' });
  await account.selectOption('PHONE');
  await expect(confirm).toBeDisabled();
  await expect(page.getByText('Phone is mapped twice (columns "Mobile" and "Account")').first()).toBeVisible();
  await account.selectOption('CRM_ID');
  await expect(confirm).toBeEnabled();

  // The preview marks the Excel-damaged phone as an error; its message shows on keyboard focus.
  const preview = page.getByRole('table', { name: 'Preview of the first rows' });
  const damaged = preview.getByRole('cell', { name: /4\.15E\+09/ });
  await expect(damaged).toHaveAttribute('data-severity', 'ERROR');
  await damaged.focus();
  await expect(damaged.getByRole('tooltip')).toBeVisible();
  await expect(damaged.getByRole('tooltip')).toContainText('scientific notation');
  const badZone = preview.getByRole('cell', { name: /Mars\/Olympus_Mons/ });
  await badZone.hover();
  await expect(badZone.getByRole('tooltip')).toContainText('is not a time zone');

  await page.getByLabel('Duplicate policy').selectOption('KEEP_FIRST');
  await expect(page.getByText('The first row of each duplicate group is kept')).toBeVisible();
  await expect(page.getByLabel('Default region')).toHaveValue('US');
  await expectAccessible(page);
  await screenshot(page, 'wizard-audience-mapping');

  await confirm.click();

  // STAGED: the validation finished, the counts, the reasons.
  await expect(page.getByRole('progressbar', { name: 'Validation progress' })).toHaveAttribute('value', '38');
  const counts = page.getByRole('list', { name: 'Upload counts' });
  await expect(counts).toContainText('38Total rows');
  await expect(counts).toContainText('26Accepted');
  await expect(counts).toContainText('10Rejected');
  await expect(counts).toContainText('2Duplicates');
  await expect(page.getByRole('link', { name: 'Download rejection report' })).toHaveAttribute('href', new RegExp(`^/uploads/upl_\\w+/rejections\\.csv$`));

  // The rejections, a page at a time from the server.
  const status = page.getByText(/excluded rows$/);
  await expect(status).toHaveText('Rows 1–10 of 12 excluded rows');
  const rejections = page.getByRole('table', { name: 'Excluded rows' });
  await expect(rejections.getByRole('row')).toHaveCount(11);
  await expect(page.getByRole('button', { name: 'Previous page' })).toBeDisabled();
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(status).toHaveText('Rows 11–12 of 12 excluded rows');
  await expect(page.getByRole('button', { name: 'Next page' })).toBeDisabled();
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(status).toHaveText('Rows 1–10 of 12 excluded rows');

  await page.getByLabel('Filter by reason').selectOption('PHONE_PRECISION_LOST');
  await expect(status).toHaveText('Rows 1–1 of 1 excluded rows');
  await expect(rejections.getByRole('row')).toHaveCount(2);
  await expect(rejections).toContainText('4.15E+09');
  await expect(rejections).toContainText('scientific notation');
  await page.getByLabel('Filter by reason').selectOption('PHONE_UNPARSEABLE');
  await expect(status).toHaveText('Rows 1–3 of 3 excluded rows');

  // An SDR lead sees the same step, every control disabled with the reason.
  const samContext = await browser.newContext({ baseURL });
  const sam = await samContext.newPage();
  watchConsole(sam);
  await openSignedIn(sam, keys.sam, `/campaigns/${campaignId}/wizard`);
  await expect(sam.getByRole('list', { name: 'Upload counts' })).toContainText('26Accepted');
  const another = sam.getByRole('button', { name: 'Upload another file' });
  await expect(another).toBeDisabled();
  const reasonId = (await another.getAttribute('aria-describedby'))!;
  await expect(sam.locator(`[id="${reasonId}"]`)).toContainText('Your role (SDR_LEAD) can view but not change campaigns.');
  await expect(sam.getByRole('radio', { name: /Segment/ })).toBeDisabled();
  await expect(sam.getByLabel('Acknowledgement note')).toBeDisabled();
  await expect(sam.getByRole('button', { name: 'Acknowledge rejections' })).toBeDisabled();
  await expectAccessible(sam);

  // Acknowledge with a note: who and when are shown.
  await page.getByLabel('Acknowledgement note').fill('Bad numbers sent back to the list owner');
  await page.getByRole('button', { name: 'Acknowledge rejections' }).click();
  await expect(page.getByText(/Rejections acknowledged by \S+ on/)).toBeVisible();
  await expect(page.getByText('Bad numbers sent back to the list owner')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'wizard-audience-staged');
  // The SDR lead's open page learns of it live (uploadStatusChanged), without a reload.
  await expect(sam.getByText(/Rejections acknowledged by \S+ on/)).toBeVisible();
  await expect(sam.getByText('Bad numbers sent back to the list owner')).toBeVisible();
  expect(consoleErrorsOf(sam), 'errors in the SDR lead\'s browser console').toEqual([]);
  await samContext.close();

  // The same bytes again: the step says it saw this file before, and recalls the confirmed mapping.
  await page.getByRole('button', { name: 'Upload another file' }).click();
  await page.getByLabel('Contact file (CSV)').setInputFiles({ name: 'audience-messy.csv', mimeType: 'text/csv', buffer: csv });
  await expect(page.getByText('This exact file was uploaded before')).toBeVisible();
  await expect(page.getByText('Mapping recalled from your last upload with these columns')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Field for column Account' })).toHaveValue('CRM_ID');

  // Read with another delimiter: the file is sent again with options.delimiter and split differently.
  await page.getByLabel('Delimiter').selectOption(';');
  await page.getByRole('button', { name: 'Read the file again' }).click();
  await expect(page.locator('dl.facts')).toContainText('semicolon (;)');
  await expect(page.getByRole('combobox', { name: /^Field for column Ref,First Name,/ })).toBeVisible();
  await expect(page.getByLabel('Delimiter')).toHaveValue(';');
});

test('a spreadsheet that is not a CSV is refused with its code and what to do', async ({ page }) => {
  const campaignId = await createCampaign(keys.alice, unique('Audience xlsx'));
  await openSignedIn(page, keys.alice, `/campaigns/${campaignId}/wizard`);

  // The start of a real .xlsx: a zip archive (binary, NUL bytes included).
  const xlsx = Buffer.concat([
    Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]),
    Buffer.from('[Content_Types].xml'),
    Buffer.alloc(64, 0),
  ]);
  await page.getByLabel('Contact file (CSV)').setInputFiles({ name: 'contacts.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx });

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('UNSUPPORTED_FILE');
  await expect(page.getByText('Export the sheet as CSV (File > Save as > CSV UTF-8) and upload that.')).toBeVisible();
  // Another file can be chosen at once.
  await expect(page.getByLabel('Contact file (CSV)')).toBeEnabled();
  await expectAccessible(page);
  await screenshot(page, 'wizard-audience-error');
});
