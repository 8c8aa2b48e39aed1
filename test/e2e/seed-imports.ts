import type { Executor } from '../../src/main/db/executor'
import { createUserRow } from '../../src/main/demo/users'
import { hashPassword } from '../../src/main/services/passwords'
import { type SeededImport, seedImport } from '../integration/imports/seed'
import { insertLeadRow } from '../support/leads'
import { type Host, test as base } from './fixtures'
import { prepareWorkspace, serveWorkspace } from './seed/workspace-file'

export const ADMIN = { email: 'imports@leadline.test', password: 'password123' }
export const VIEWER = { email: 'viewer@leadline.test', password: 'password123' }

export interface ImportHost extends Host {
  seed: SeededImport
  /** Reads the workspace as the running host left it. */
  query<T>(sql: string, ...params: unknown[]): Promise<T[]>
}

/**
 * A workspace with an Admin, the "Auto insurance" and "Home insurance" categories (standard and
 * custom fields, some not deliverable), a funded customer and two sources; opened with
 * createApp() before the browser host starts on it.
 */
async function importHost(extra?: (db: Executor, seed: SeededImport) => Promise<void>) {
  const { dir, workspace, seed } = await prepareWorkspace(
    'leadline-imports-e2e-',
    { workspaceName: 'Acme Leads', name: 'Ida Importer', ...ADMIN },
    async (app) => {
      const { db } = app.services.deps
      await createUserRow(
        app.services.auth,
        db,
        'Vic Viewer',
        VIEWER.email,
        'Viewer',
        await hashPassword(VIEWER.password),
      )
      const seeded = await seedImport(db, Date.now())
      await extra?.(db, seeded)
      return seeded
    },
  )
  return { ...(await serveWorkspace(dir, workspace)), seed }
}

/** Leads already sold to the customer, for exports: two in "Auto insurance", one in "Home insurance". */
export async function seedCustomerLeads(db: Executor, seed: SeededImport): Promise<void> {
  const now = Date.UTC(2026, 0, 5, 15, 0, 0)
  await insertLeadRow(db, {
    uuid: '11111111-0000-4000-8000-000000000001',
    status: 'Assigned',
    first_name: 'Ann',
    last_name: 'Lee',
    email: 'ann@example.com',
    phone: '+14155550100',
    address: '1 Main St',
    city: 'Oakland',
    zip: '94607',
    details: '{"vehicles":2,"credit_score":"Good"}',
    category_id: seed.categoryId,
    customer_id: seed.customerId,
    charged_cents: 1500,
    assigned_at: now,
    created_at: now,
    updated_at: now,
  })
  await insertLeadRow(db, {
    uuid: '11111111-0000-4000-8000-000000000002',
    status: 'Returned',
    first_name: '@Bob',
    last_name: 'Stone, Jr.',
    email: 'bob@example.com',
    address: '2 "Oak" Ave',
    zip: '94608',
    details: '{"vehicles":1}',
    category_id: seed.categoryId,
    customer_id: seed.customerId,
    charged_cents: 900,
    assigned_at: now + 1000,
    created_at: now + 1000,
    updated_at: now + 1000,
  })
  await insertLeadRow(db, {
    uuid: '11111111-0000-4000-8000-000000000003',
    status: 'Assigned',
    first_name: 'Cy',
    last_name: 'Ray',
    email: 'cy@example.com',
    phone: '+15125550100',
    city: 'Austin',
    zip: '73301',
    details: '{"roof_age":12}',
    category_id: seed.otherCategoryId,
    customer_id: seed.customerId,
    charged_cents: 700,
    assigned_at: now + 2000,
    created_at: now + 2000,
    updated_at: now + 2000,
  })
  await insertLeadRow(db, {
    uuid: '11111111-0000-4000-8000-000000000004',
    status: 'Unassigned',
    first_name: 'Dee',
    last_name: 'Park',
    email: 'dee@example.com',
    zip: '10002',
    details: '{}',
    category_id: seed.categoryId,
    created_at: now,
    updated_at: now,
  })
}

/** One lead listed in a descending auction: $25 start, −$2.50 every 15 minutes, opened 31 minutes ago. */
export async function seedDescendingAuction(db: Executor, seed: SeededImport): Promise<void> {
  const now = Date.now()
  const leadId = await insertLeadRow(db, {
    uuid: '22222222-0000-4000-8000-000000000001',
    status: 'Marketplace',
    first_name: 'Eve',
    last_name: 'Stone',
    email: 'eve@example.com',
    zip: '94110',
    category_id: seed.categoryId,
    created_at: now,
    updated_at: now,
  })
  await db
    .insertInto('marketplace_listings')
    .values({
      lead_id: leadId,
      kind: 'auction',
      status: 'open',
      start_price_cents: 2500,
      floor_price_cents: 500,
      decrement_cents: 250,
      interval_ms: 900000,
      opened_at: now - 31 * 60_000,
      closes_at: now + 86_400_000,
    })
    .execute()
}

/** Leads the same category received yesterday: what an import's duplicate check finds. */
export const RECENT_ANN = '33333333-0000-4000-8000-000000000001'
export async function seedRecentLeads(db: Executor, seed: SeededImport): Promise<void> {
  const yesterday = Date.now() - 86_400_000
  await insertLeadRow(db, {
    uuid: RECENT_ANN,
    status: 'Assigned',
    first_name: 'Ann',
    last_name: 'Lee',
    email: 'ann@example.com',
    phone: '+14155550100',
    zip: '94607',
    details: '{}',
    category_id: seed.categoryId,
    customer_id: seed.customerId,
    charged_cents: 1500,
    assigned_at: yesterday,
    created_at: yesterday,
    updated_at: yesterday,
  })
}

export const test = base.extend<{
  imports: ImportHost
  exportsHost: ImportHost
  auctionHost: ImportHost
  duplicatesHost: ImportHost
}>({
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
  duplicatesHost: async ({}, use) => {
    const host = await importHost(seedRecentLeads)
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
