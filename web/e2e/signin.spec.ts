import { test, expect, keys, signIn, expectAccessible, screenshot, expectConsoleError } from './fixtures';

test('a person signs in with a key, stays signed in on reload, and signs out', async ({ page }) => {
  await page.goto('/campaigns');
  await expect(page.getByRole('heading', { name: 'Sign in to Callaro' })).toBeVisible();
  // Development (as run.sh and test.sh start it) offers its well-known key.
  await page.getByRole('button', { name: 'use the development key' }).click();
  await expect(page.getByLabel('API key')).toHaveValue('dev-key-callaro-local');
  await page.getByLabel('API key').fill('');
  await expectAccessible(page);
  await screenshot(page, 'sign-in');

  await signIn(page, keys.alice);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  // The key is kept nowhere the page's scripts can read.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  expect(stored).not.toContain(keys.alice);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Callaro' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in to Callaro' })).toBeVisible();
});

test('a wrong key is refused with the server message and code', async ({ page }) => {
  // The refused POST /session (401) is logged by the browser itself.
  expectConsoleError(page, /status of 401/);
  await page.goto('/');
  await page.getByLabel('API key').fill('not-a-key');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('UNAUTHENTICATED');
});
