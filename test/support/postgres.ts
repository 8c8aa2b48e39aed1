import { randomBytes } from 'node:crypto'
import { userInfo } from 'node:os'
import { basename } from 'node:path'
import pg from 'pg'
import { afterAll } from 'vitest'
import { databaseUrl } from './postgres-url'

/**
 * PostgreSQL for integration tests. The server is `LEADLINE_TEST_PG` (a base URL such as
 * `postgres://root@/postgres?host=/var/run/postgresql`); unset, the local socket is tried. Each
 * test file creates its own uniquely named databases and drops them when it ends.
 */
export interface TestPostgres {
  /** Null when no server answers; the PostgreSQL tests then skip, saying `reason`. */
  baseUrl: string | null
  reason: string
  /** Creates an empty database, dropped after the test file; returns its URL. */
  database(): Promise<string>
}

const LOCAL_SOCKET = '/var/run/postgresql'

export { databaseUrl } from './postgres-url'

async function answers(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query('SELECT 1')
    return null
  } catch (error) {
    return (error as Error).message
  } finally {
    await client.end().catch(() => undefined)
  }
}

async function admin<T>(baseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/**
 * Finds the server for this test file. A `LEADLINE_TEST_PG` that does not answer is an error,
 * not a skip: a run that was told to test PostgreSQL must not pass without it.
 */
export async function testPostgres(file: string): Promise<TestPostgres> {
  const configured = process.env.LEADLINE_TEST_PG
  const baseUrl = configured || `postgres://${userInfo().username}@/postgres?host=${LOCAL_SOCKET}`
  const failure = await answers(baseUrl)
  if (failure && configured) throw new Error(`LEADLINE_TEST_PG=${configured} does not answer: ${failure}`)
  if (failure) {
    const reason = `no PostgreSQL: LEADLINE_TEST_PG is unset and the local socket ${LOCAL_SOCKET} does not answer (${failure})`
    console.warn(`PostgreSQL tests of ${basename(file)} skipped: ${reason}`)
    return {
      baseUrl: null,
      reason,
      database: () => Promise.reject(new Error(reason)),
    }
  }

  const stem = basename(file)
    .replace(/\.test\.ts$/, '')
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase()
    .slice(0, 30)
  const created: string[] = []
  afterAll(async () => {
    if (created.length === 0) return
    await admin(baseUrl, async (client) => {
      for (const name of created.splice(0)) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    })
  })
  return {
    baseUrl,
    reason: '',
    database: async () => {
      const name = `leadline_test_${stem}_${process.pid}_${randomBytes(4).toString('hex')}`
      await admin(baseUrl, (client) => client.query(`CREATE DATABASE "${name}"`))
      created.push(name)
      return databaseUrl(baseUrl, name)
    },
  }
}
