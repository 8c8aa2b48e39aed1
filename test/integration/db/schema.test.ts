import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { Migration } from '../../../src/main/db/migrate'
import { migrations as sqliteMigrations } from '../../../src/main/db/migrations'
import { openWorkspace } from '../../../src/main/db/open'
import { migratePostgres } from '../../../src/main/db/postgres/migrate'
import { postgresMigrations } from '../../../src/main/db/postgres/migrations'
import { openPostgres } from '../../../src/main/db/postgres/open'
import {
  type CatalogueTable,
  dialectDifferences,
  formatCatalogue,
  postgresCatalogue,
  sqliteCatalogue,
} from '../../support/catalogue'
import { testPostgres } from '../../support/postgres'
import { tempDir } from '../../support/workspace'

const server = await testPostgres('schema.test.ts')
const skipped = server.baseUrl ? '' : ` (skipped: ${server.reason})`

function migratedSqlite(extra: Migration[] = []): CatalogueTable[] {
  const path = join(tempDir(), 'schema.db')
  openWorkspace({ path, now: () => 0, migrations: [...sqliteMigrations, ...extra] }).close()
  const sqlite = new Database(path, { readonly: true })
  try {
    return sqliteCatalogue(sqlite)
  } finally {
    sqlite.close()
  }
}

async function migratedPostgres(list = postgresMigrations): Promise<CatalogueTable[]> {
  const pg = openPostgres({ url: await server.database(), max: 1 })
  try {
    await migratePostgres(pg.db, list, 0)
    return await postgresCatalogue(pg.db)
  } finally {
    await pg.close()
  }
}

describe('SQLite workspace schema', () => {
  it('matches its snapshot', async () => {
    const catalogue = migratedSqlite()
    expect(catalogue.map((t) => t.name)).toContain('leads_fts')
    await expect(formatCatalogue(catalogue)).toMatchFileSnapshot('./snapshots/sqlite-schema.txt')
  })

  it('has a PostgreSQL migration of the same name for every SQLite migration', () => {
    const postgresNames = new Set(postgresMigrations.map((m) => m.name))
    expect(sqliteMigrations.map((m) => m.name).filter((name) => !postgresNames.has(name))).toEqual([])
  })
})

describe.skipIf(!server.baseUrl)(`PostgreSQL schema${skipped}`, () => {
  it('matches its snapshot', async () => {
    const catalogue = await migratedPostgres()
    expect(catalogue.find((t) => t.name === 'leads')?.columns.map((c) => c.name)).toContain('search_doc')
    await expect(formatCatalogue(catalogue)).toMatchFileSnapshot('./snapshots/postgres-schema.txt')
  })

  it('has the same tables, columns, keys and indexes as the SQLite workspace', async () => {
    // PostgreSQL twins of SQLite migrations still on other branches wait for them: compare the
    // migrations both lists have.
    const sqliteNames = new Set(sqliteMigrations.map((m) => m.name))
    const postgres = await migratedPostgres(postgresMigrations.filter((m) => sqliteNames.has(m.name)))
    const sqlite = migratedSqlite()
    expect(dialectDifferences(sqlite, postgres)).toEqual([])
    expect(postgres.map((t) => t.name)).toContain('partner_ledger')

    // A SQLite migration without its PostgreSQL twin shows up, column and index.
    const ahead = migratedSqlite([
      {
        name: '999_customer_notes',
        statements: ['ALTER TABLE customers ADD COLUMN notes TEXT', 'CREATE INDEX customers_notes ON customers(notes)'],
      },
    ])
    expect(dialectDifferences(ahead, postgres)).toEqual([
      'column customers.notes: only on SQLite',
      'indexes of customers: SQLite [{"name":"customers_notes","unique":false,"columns":["notes"],"partial":false}], PostgreSQL []',
    ])
  })
})
