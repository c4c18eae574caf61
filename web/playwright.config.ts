import { defineConfig } from '@playwright/test';

// Browser tests against a running Callaro (test.sh starts one; CALLARO_E2E_URL points elsewhere).
// Playwright's own browser download is not reachable here: Debian's chromium is used instead.
export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: process.env.CALLARO_E2E_REPORT ?? 'test-results/e2e.json' }]],
  use: {
    baseURL: process.env.CALLARO_E2E_URL ?? 'http://localhost:5080',
    viewport: { width: 1280, height: 800 },
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CALLARO_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
