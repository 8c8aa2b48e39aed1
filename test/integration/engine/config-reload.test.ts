import { sql } from 'kysely'
import { describe, expect, it, vi } from 'vitest'
import { testDialect } from '../../support/dialect'
import { testSql } from '../../support/sql'
import { testApp } from '../../support/workspace'
import { lead, Seed } from './seed'

const NY_AUDIT = {
  conditions: { match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'NY' }] },
  sourceIds: [],
  samplePercent: 0,
}

describe('the engine’s configuration after a settings change', () => {
  // Only a database with several connections lets a change commit while a reload is reading
  // (a workspace file's one connection waits for the reload's transaction).
  it.skipIf(testDialect === 'sqlite')(
    'a change that commits while a reload is reading is seen by everyone who asks after it',
    async () => {
      const app = await testApp()
      const seed = new Seed(app)
      const categoryId = await seed.category({ planId: await seed.plan([{ kind: 'bidding' }]) })
      const typeId = await seed.leadType({ categoryId, fallback: true })
      await seed.bid({ customerId: await seed.customer('Acme', 100_000), leadTypeId: typeId, priceCents: 1000 })
      seed.done()
      const { db } = app.services.deps
      const { distribution } = app.services
      await distribution.config.current()

      let asked: ReturnType<typeof distribution.config.current> | null = null
      await db.transaction().execute(async (trx) => {
        // A reload starts and reads the categories, then waits for the partners table.
        await sql`LOCK TABLE partners IN ACCESS EXCLUSIVE MODE`.execute(trx)
        seed.done()
        await vi.waitFor(async () =>
          expect(await testSql(app).get(`SELECT count(*) AS n FROM pg_locks WHERE NOT granted`)).toEqual({ n: 1 }),
        )
        // Meanwhile a settings screen saves an audit condition and says so.
        await db
          .updateTable('categories')
          .set({ audit_rule: JSON.stringify(NY_AUDIT) })
          .where('id', '=', categoryId)
          .execute()
        seed.done()
        asked = distribution.config.current()
      })
      const snapshot = await asked!
      expect(snapshot.categoriesById.get(categoryId)?.auditRule).toMatchObject({ samplePercent: 0 })
      expect(snapshot.categoriesById.get(categoryId)?.auditRule.conditions).toEqual(NY_AUDIT.conditions)
      const r = await distribution.ingest({ sourceId: null, categorySlug: 'auto', fields: lead({ state: 'NY' }) })
      expect(r.status).toBe('Audit')
    },
  )
})
