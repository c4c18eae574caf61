import { test as base, expect, type Browser, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';

/** The keys scripts/e2e-keys.sh configures: org acme's people, and another org. */
export const keys = {
  alice: 'e2e-alice-key', // acme, SALES_OPS
  sam: 'e2e-sam-key', // acme, SDR_LEAD (read-only)
  cora: 'e2e-cora-key', // acme, COMPLIANCE
  olga: 'e2e-olga-key', // acme, OPS
  gina: 'e2e-gina-key', // globex, every role
} as const;

export const baseURL = process.env.CALLARO_E2E_URL ?? 'http://localhost:5080';
export const screenshotDir = process.env.CALLARO_E2E_SCREENSHOTS ?? 'e2e/screenshots';

/** GraphQL as a script would call it (Bearer key): to set up data a test does not drive through screens. */
export async function gql<T = any>(key: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${baseURL}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors?.length) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

/** A unique name per run, so tests never collide with data left by an earlier run. */
export function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** Signs in through the sign-in page, as a person does. */
export async function signIn(page: Page, key: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Signs the page's browser context in as the sign-in page does (POST /session sets the cookie), without its screens. */
export async function signInAs(page: Page, key: string): Promise<void> {
  const response = await page.request.post('/session', { data: { apiKey: key } });
  expect(response.ok(), await response.text()).toBe(true);
}

/** A fresh browser context signed in with a key (a second person, or the same one in another window). */
export async function newSignedInPage(browser: Browser, key: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  watchConsole(page);
  await signIn(page, key);
  return page;
}

const consoleErrors = new WeakMap<Page, string[]>();
const expectedErrors = new WeakMap<Page, RegExp[]>();

/** An error the test provokes on purpose (a refused request the browser logs), not counted against the page. */
export function expectConsoleError(page: Page, pattern: RegExp): void {
  expectedErrors.set(page, [...(expectedErrors.get(page) ?? []), pattern]);
}

/** Collects errors the page logs; the test fixture fails a test whose pages logged any. */
export function watchConsole(page: Page): void {
  const errors: string[] = [];
  consoleErrors.set(page, errors);
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
}

export function consoleErrorsOf(page: Page): string[] {
  const expected = expectedErrors.get(page) ?? [];
  return (consoleErrors.get(page) ?? []).filter((e) => !expected.some((p) => p.test(e)));
}

/** No serious or critical axe-core violation on what the page shows now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`)).toEqual([]);
}

/**
 * Saves the screen at desktop (1280x800) and phone (390x844) width, and checks the page never scrolls
 * sideways at either. Screenshots go to e2e/screenshots/<name>-desktop.png and -phone.png.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 800 };
  for (const [label, size] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
    await page.setViewportSize(size);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} scrolls sideways at ${label} width`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${screenshotDir}/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize(original);
}

/** Every test: the page watched for console errors, which fail the test at its end. */
export const test = base.extend<{ page: Page }>({
  page: async ({ page }, use) => {
    watchConsole(page);
    await use(page);
    expect(consoleErrorsOf(page), 'errors in the browser console').toEqual([]);
  },
});

export { expect };
