import { describe, expect, it } from 'vitest'
import type { LeadRow } from '../../../src/shared/domain/lead'
import type { Page } from '../../../src/shared/domain/page'
import { seedConsole } from '../../e2e/seed/console-seed'
import { ok as okCall } from '../../support/calls'
import { adminToken, testApp } from '../../support/workspace'

describe('leads/list total of a search', () => {
  it('is the number of leads the words find, alone or with other filters, after deletes too', async () => {
    const app = await testApp()
    const admin = await adminToken(app)
    const seed = await seedConsole(app, { now: app.clock.now(), extraLeads: 30 })
    const ok = <T>(method: string, input: unknown): Promise<T> => okCall<T>(app, method, input, admin)
    const db = app.services.deps.store.sqlite
    const count = (where: string) =>
      (db.prepare(`SELECT count(*) AS n FROM leads WHERE ${where}`).get() as { n: number }).n

    const extra = await ok<Page<LeadRow>>('leads/list', { pageSize: 10, filter: { search: 'extra' } })
    expect(extra.total).toBe(30)
    expect(extra.total).toBe(count(`first_name LIKE 'Extra%'`))
    const lopez = await ok<Page<LeadRow>>('leads/list', { filter: { search: 'lopez', status: undefined } })
    expect(lopez.total).toBe(count(`last_name = 'Lopez'`))
    const lopezSold = await ok<Page<LeadRow>>('leads/list', { filter: { search: 'lopez', sold: true } })
    expect(lopezSold.total).toBe(1)

    await ok('leads/delete', { selection: { ids: [seed.leads.duplicate] } })
    const afterDelete = await ok<Page<LeadRow>>('leads/list', { filter: { search: 'lopez' } })
    expect(afterDelete.total).toBe(lopez.total - 1)
    expect(afterDelete.rows.map((r) => r.id)).not.toContain(seed.leads.duplicate)
  })
})
