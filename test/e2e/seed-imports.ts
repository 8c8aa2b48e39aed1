import { rmSync } from 'node:fs'
import type Database from 'better-sqlite3'
import { type SeededImport, seedImport } from '../integration/imports/seed'
import { type Host, startHost, test as base } from './fixtures'
import { prepareWorkspace, readWorkspace } from './seed/workspace-file'

export const ADMIN = { email: 'imports@leadline.test', password: 'password123' }
export const VIEWER = { email: 'viewer@leadline.test', password: 'password123' }

export interface ImportHost extends Host {
  seed: SeededImport
  /** Reads the workspace file as the running host left it. */
  query<T>(sql: string, ...params: unknown[]): T[]
}

/**
 * A workspace with an Admin, the "Auto insurance" and "Home insurance" categories (standard and
 * custom fields, some not deliverable), a funded customer and two sources; opened with
 * createApp() before the browser host starts on it.
 */
async function importHost(extra?: (db: Database.Database, seed: SeededImport) => void) {
  const { dir, file, seed } = await prepareWorkspace(
    'leadline-imports-e2e-',
    { workspaceName: 'Acme Leads', name: 'Ida Importer', ...ADMIN },
    async (app) => {
      const { hashPassword } = await import('../../src/main/services/passwords')
      app.services.auth.createUserRow('Vic Viewer', VIEWER.email, 'Viewer', await hashPassword(VIEWER.password))
      const seeded = seedImport(app.services.deps.store, Date.now())
      extra?.(app.services.deps.store.sqlite, seeded)
      return seeded
    },
  )
  const host = await startHost(file)
  const db = readWorkspace(file)
  return {
    ...host,
    seed,
    query: db.query,
    stop: async () => {
      db.close()
      await host.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Leads already sold to the customer, for exports: two in "Auto insurance", one in "Home insurance". */
export function seedCustomerLeads(db: Database.Database, seed: SeededImport): void {
  const now = Date.UTC(2026, 0, 5, 15, 0, 0)
  const insert = db.prepare(
    `INSERT INTO leads (uuid, status, first_name, last_name, email, phone, address, city, zip, details, category_id,
       customer_id, charged_cents, assigned_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  insert.run(
    '11111111-0000-4000-8000-000000000001',
    'Assigned',
    'Ann',
    'Lee',
    'ann@example.com',
    '+14155550100',
    '1 Main St',
    'Oakland',
    '94607',
    '{"vehicles":2,"credit_score":"Good"}',
    seed.categoryId,
    seed.customerId,
    1500,
    now,
    now,
    now,
  )
  insert.run(
    '11111111-0000-4000-8000-000000000002',
    'Returned',
    '@Bob',
    'Stone, Jr.',
    'bob@example.com',
    null,
    '2 "Oak" Ave',
    null,
    '94608',
    '{"vehicles":1}',
    seed.categoryId,
    seed.customerId,
    900,
    now + 1000,
    now + 1000,
    now + 1000,
  )
  insert.run(
    '11111111-0000-4000-8000-000000000003',
    'Assigned',
    'Cy',
    'Ray',
    'cy@example.com',
    null,
    null,
    'Austin',
    '73301',
    '{"roof_age":12}',
    seed.otherCategoryId,
    seed.customerId,
    700,
    now + 2000,
    now + 2000,
    now + 2000,
  )
  insert.run(
    '11111111-0000-4000-8000-000000000004',
    'Unassigned',
    'Dee',
    'Park',
    'dee@example.com',
    null,
    null,
    null,
    '10002',
    '{}',
    seed.categoryId,
    null,
    null,
    null,
    now,
    now,
  )
}

/** One lead listed in a descending auction: $25 start, −$2.50 every 15 minutes, opened 31 minutes ago. */
export function seedDescendingAuction(db: Database.Database, seed: SeededImport): void {
  const now = Date.now()
  const leadId = Number(
    db
      .prepare(
        `INSERT INTO leads (uuid, status, first_name, last_name, email, zip, category_id, created_at, updated_at)
         VALUES ('22222222-0000-4000-8000-000000000001', 'Marketplace', 'Eve', 'Stone', 'eve@example.com', '94110', ?, ?, ?)`,
      )
      .run(seed.categoryId, now, now).lastInsertRowid,
  )
  db.prepare(
    `INSERT INTO marketplace_listings (lead_id, kind, status, start_price_cents, floor_price_cents, decrement_cents,
       interval_ms, opened_at, closes_at) VALUES (?, 'auction', 'open', 2500, 500, 250, 900000, ?, ?)`,
  ).run(leadId, now - 31 * 60_000, now + 86_400_000)
}

export const test = base.extend<{ imports: ImportHost; exportsHost: ImportHost; auctionHost: ImportHost }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures declare their dependencies this way
  imports: async ({}, use) => {
    const host = await importHost()
    await use(host)
    await host.stop()
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures declare their dependencies this way
  auctionHost: async ({}, use) => {
    const host = await importHost(seedDescendingAuction)
    await use(host)
    await host.stop()
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures declare their dependencies this way
  exportsHost: async ({}, use) => {
    const host = await importHost(seedCustomerLeads)
    await use(host)
    await host.stop()
  },
})
export { expect } from './fixtures'
