import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { test } from '@playwright/test'
import pg from 'pg'
import { leadlineTypes } from '../../src/main/db/postgres/types'
import { databaseUrl } from '../../src/main/db/postgres/url'

/**
 * Which database the current Playwright project runs the app on: SQLite workspace files by
 * default; PostgreSQL on the `postgres` project (metadata `{ database: 'postgres' }`), whose server
 * LEADLINE_TEST_PG names.
 */
export type E2eDatabase = 'sqlite' | 'postgres'

export function e2eDatabase(): E2eDatabase {
  return test.info().project.metadata['database'] === 'postgres' ? 'postgres' : 'sqlite'
}

/** Prefix of every database the e2e suite creates, so a left-over one is easy to find and drop. */
export const E2E_DATABASE_PREFIX = 'leadline_e2e_'

function serverUrl(): string {
  const url = process.env['LEADLINE_TEST_PG']
  if (!url) throw new Error('The postgres project needs LEADLINE_TEST_PG (a postgres:// URL of the test server)')
  return url
}

async function onServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** A new, empty PostgreSQL database on the test server; returns its URL. */
export async function createE2eDatabase(): Promise<string> {
  const name = `${E2E_DATABASE_PREFIX}${process.pid}_${randomBytes(5).toString('hex')}`
  await onServer((client) => client.query(`CREATE DATABASE "${name}"`))
  return databaseUrl(serverUrl(), name)
}

/** Drops a database made by createE2eDatabase, whoever is still connected to it. */
export async function dropE2eDatabase(url: string): Promise<void> {
  const name = /^postgres(?:ql)?:\/\/[^/?]*\/([^?]*)/.exec(url)?.[1] ?? ''
  if (!name.startsWith(E2E_DATABASE_PREFIX)) throw new Error(`Not a database of the e2e suite: ${url}`)
  await onServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
}

export function isDatabaseUrl(workspace: string): boolean {
  return /^postgres(ql)?:\/\//.test(workspace)
}

/** Where a new workspace of this project lives: a file in `dir`, or a fresh PostgreSQL database. */
export async function newWorkspace(dir: string): Promise<string> {
  return e2eDatabase() === 'postgres' ? createE2eDatabase() : join(dir, 'workspace.db')
}

/** Removes what newWorkspace made outside `dir` (a PostgreSQL database); a file goes with its folder. */
export async function removeWorkspace(workspace: string): Promise<void> {
  if (isDatabaseUrl(workspace)) await dropE2eDatabase(workspace)
}

export interface WorkspaceReader {
  query<T>(sql: string, ...params: unknown[]): Promise<T[]>
  one<T>(sql: string, ...params: unknown[]): Promise<T>
  close(): Promise<void>
}

/**
 * Reads a PostgreSQL workspace as the running host leaves it. SQL is written once for both
 * databases with `?` placeholders (numbered here); int8 and numeric come back as numbers, as
 * the app's own pool reads them.
 */
export async function readDatabase(url: string): Promise<WorkspaceReader> {
  const client = new pg.Client({ connectionString: url, types: leadlineTypes })
  await client.connect()
  const numbered = (sql: string) => {
    let n = 0
    return sql.replace(/\?/g, () => `$${++n}`)
  }
  const query = async <T>(sql: string, ...params: unknown[]) => (await client.query(numbered(sql), params)).rows as T[]
  return {
    query,
    one: async <T>(sql: string, ...params: unknown[]) => (await query<T>(sql, ...params))[0] as T,
    close: () => client.end(),
  }
}
