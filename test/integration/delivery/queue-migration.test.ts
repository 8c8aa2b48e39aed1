import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { Migration } from '../../../src/main/db/migrate'
import { migrations } from '../../../src/main/db/migrations'
import { openWorkspace } from '../../../src/main/db/open'
import { migratePostgres } from '../../../src/main/db/postgres/migrate'
import { postgresMigrations } from '../../../src/main/db/postgres/migrations'
import { openPostgres } from '../../../src/main/db/postgres/open'
import type { DB } from '../../../src/main/db/schema'
import { FakeClock } from '../../support/clock'
import { testDatabaseTarget, testDialect } from '../../support/dialect'
import { localServer } from '../../support/local-server'
import { tempDir, testApp } from '../../support/workspace'
import { seedAssignedLeads } from './seed'

const upTo = (list: readonly Migration[], name: string): Migration[] =>
  list.slice(
    0,
    list.findIndex((m) => m.name === name),
  )

/** The test's database brought up to `list` (this build's or an older one), open until `use` ends. */
async function migrated<T>(
  target: string,
  list: 'before' | 'current',
  use: (db: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (testDialect === 'postgres') {
    const pg = openPostgres({ url: target, max: 1 })
    try {
      const all = postgresMigrations
      await migratePostgres(pg.db, list === 'current' ? all : upTo(all, '110_delivery_queue'), 0)
      return await use(pg.db)
    } finally {
      await pg.close()
    }
  }
  const ws = openWorkspace({
    path: target,
    migrations: list === 'current' ? migrations : upTo(migrations, '110_delivery_queue'),
  })
  try {
    return await use(ws.db)
  } finally {
    ws.close()
  }
}

describe('migration 110_delivery_queue on a database written before it', () => {
  it('queues every pending delivery, due at once, and the app sends it when it starts', async () => {
    const target = await testDatabaseTarget(tempDir(), 'old.db')
    const customer = await localServer(() => ({ body: { ok: true } }))
    const clock = new FakeClock()
    const [pending, delivered, never] = await migrated(target, 'before', async (db) => {
      const { leadIds } = await seedAssignedLeads(
        { services: { deps: { db } }, clock },
        { method: 'webhook', url: customer.url, headers: {} },
        3,
      )
      for (const [id, status] of [
        [leadIds[0], 'pending'],
        [leadIds[1], 'delivered'],
      ] as const)
        await db
          .updateTable('leads')
          .set({ delivery_status: status })
          .where('id', '=', id ?? 0)
          .execute()
      return leadIds
    })

    const queued = await migrated(target, 'current', async (db) =>
      db.selectFrom('delivery_queue').selectAll().execute(),
    )
    expect(queued).toEqual([
      { lead_id: pending, round: 1, generation: 1, due_at: 0, claimed_by: null, claimed_until: null },
    ])

    const app = await testApp({ path: target })
    await app.services.delivery.idle()
    expect(customer.received.map((r) => (r.json as { uuid: string }).uuid)).toEqual(['lead-uuid-1'])
    const statuses = await app.services.deps.db
      .selectFrom('leads')
      .select(['id', 'delivery_status'])
      .orderBy('id')
      .execute()
    expect(statuses).toEqual([
      { id: pending, delivery_status: 'delivered' },
      { id: delivered, delivery_status: 'delivered' },
      { id: never, delivery_status: null },
    ])
    expect(await app.services.delivery.scheduled()).toEqual([])
  })
})
