import { defineConfig } from 'vitest/config'

const integration = {
  include: ['test/integration/**/*.test.ts'],
  environment: 'node',
  testTimeout: 30_000,
  hookTimeout: 30_000,
  // On CI a test that fails once runs again (the reporter marks it); locally every failure counts.
  retry: process.env.CI ? 1 : 0,
}

/**
 * The same suite with every app on its own PostgreSQL database (LEADLINE_TEST_PG names the
 * server). Files about the SQLite file itself (migrations of a workspace file, checkpoints, the
 * Electron bundle, the demo workspace) and the dialect tests that already cover both stay in
 * `integration`.
 */
const pgProject = {
  test: {
    name: 'integration-pg',
    ...integration,
    exclude: [
      'test/integration/db/**',
      'test/integration/jobs/**',
      // Real server processes on a PostgreSQL database of their own: already PostgreSQL-only.
      'test/integration/team-server/**',
      'test/integration/migrations.test.ts',
      'test/integration/partner-ledger-migration.test.ts',
      'test/integration/checkpointer.test.ts',
      'test/integration/electron-shell.test.ts',
      // The demo builder writes a workspace file (the demo is a desktop workspace).
      'test/integration/engine/demo.test.ts',
    ],
    env: { LEADLINE_TEST_DIALECT: 'postgres' },
    globalSetup: ['test/support/pg-global.ts'],
  },
}

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'integration', ...integration } },
      // Only where a PostgreSQL server is named (LEADLINE_TEST_PG; `.ci/run` starts one).
      ...(process.env.LEADLINE_TEST_PG ? [pgProject] : []),
    ],
  },
})
