import { defineConfig } from '@playwright/test'

/**
 * The specs that also run with the server on PostgreSQL (a fresh database per host), where
 * LEADLINE_TEST_PG names the server; every other spec runs on SQLite workspace files only.
 */
const POSTGRES_SPECS = [
  'foundation.spec.ts',
  'leads-table.spec.ts',
  'leads-table-layout.spec.ts',
  'leads-actions.spec.ts',
  'leads-bulk.spec.ts',
  'leads-customer-view.spec.ts',
  'leads-post-outcome.spec.ts',
  'audit-queue.spec.ts',
  'intake.spec.ts',
  'intake-client.spec.ts',
  'lead-delivery.spec.ts',
  'deliveries.spec.ts',
  'trace-request.spec.ts',
  'partner-formats.spec.ts',
  'settings.spec.ts',
  'settings-screens.spec.ts',
  'reports-console.spec.ts',
  'team-server.spec.ts',
  'offline-audit.spec.ts',
]

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  // On CI a spec that fails once runs again and is reported as flaky, not hidden: the list says so.
  retries: process.env['CI'] ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'sqlite', metadata: { database: 'sqlite' } },
    ...(process.env['LEADLINE_TEST_PG']
      ? [{ name: 'postgres', testMatch: POSTGRES_SPECS, metadata: { database: 'postgres' } }]
      : []),
  ],
})
