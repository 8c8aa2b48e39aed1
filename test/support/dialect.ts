import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import pg from 'pg'
import { databaseUrl } from '../../src/main/db/postgres/url'

/**
 * Which database the integration suite runs on: SQLite files by default; PostgreSQL when the
 * `integration-pg` project sets LEADLINE_TEST_DIALECT=postgres (with LEADLINE_TEST_PG naming the
 * server). Each app a test opens gets its own database, dropped by the project's global teardown.
 */
export const testDialect: 'sqlite' | 'postgres' =
  process.env.LEADLINE_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite'

/** Prefix of every database the suite creates, so that teardown (and the next run) can drop them. */
export const TEST_DATABASE_PREFIX = 'leadline_suite_'

export function testServerUrl(): string {
  const url = process.env.LEADLINE_TEST_PG
  if (!url)
    throw new Error('LEADLINE_TEST_DIALECT=postgres needs LEADLINE_TEST_PG (a postgres:// URL of the test server)')
  return url
}

async function createDatabase(): Promise<string> {
  const base = testServerUrl()
  const name = `${TEST_DATABASE_PREFIX}${process.pid}_${randomBytes(5).toString('hex')}`
  const client = new pg.Client({ connectionString: base })
  await client.connect()
  try {
    await client.query(`CREATE DATABASE "${name}"`)
  } finally {
    await client.end()
  }
  return databaseUrl(base, name)
}

/** Where a test's app keeps its data: a new file in `dir`, or a new PostgreSQL database. */
export async function testDatabaseTarget(dir: string, file = 'workspace.db'): Promise<string> {
  return testDialect === 'postgres' ? createDatabase() : join(dir, file)
}

/**
 * Drops the suite's databases no one is connected to: a test's database is used only while its
 * app is open, so one without connections is finished with — whichever run made it — and one in
 * use (another run's test under way) is left alone.
 */
export async function dropTestDatabases(): Promise<number> {
  const client = new pg.Client({ connectionString: testServerUrl() })
  await client.connect()
  let dropped = 0
  try {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${TEST_DATABASE_PREFIX}%`,
    ])
    for (const r of rows) {
      try {
        await client.query(`DROP DATABASE IF EXISTS "${r.datname}"`)
        dropped += 1
      } catch {
        // In use by a test under way: its run drops it later.
      }
    }
    return dropped
  } finally {
    await client.end()
  }
}
