import { describe, expect, it } from 'vitest'
import type { LeadRow } from '../../../src/shared/domain/lead'
import type { Page } from '../../../src/shared/domain/page'
import { seedConsole } from '../../e2e/seed/console-seed'
import { ok as okCall } from '../../support/calls'
import { testSql } from '../../support/sql'
import { adminToken, testApp } from '../../support/workspace'

describe('leads/list of a search', () => {
  it('counts the leads the words find, alone or with other filters, after deletes too', async () => {
    const app = await testApp()
    const admin = await adminToken(app)
    const seed = await seedConsole(app, { now: app.clock.now(), extraLeads: 30 })
    const ok = <T>(method: string, input: unknown): Promise<T> => okCall<T>(app, method, input, admin)
    const q = testSql(app)
    const count = async (where: string) =>
      (await q.get<{ n: number }>(`SELECT count(*) AS n FROM leads WHERE ${where}`))?.n

    const extra = await ok<Page<LeadRow>>('leads/list', { pageSize: 10, filter: { search: 'extra' } })
    expect(extra.total).toBe(30)
    expect(extra.total).toBe(await count(`first_name LIKE 'Extra%'`))
    const lopez = await ok<Page<LeadRow>>('leads/list', { filter: { search: 'lopez', status: undefined } })
    expect(lopez.total).toBe(await count(`last_name = 'Lopez'`))
    const lopezSold = await ok<Page<LeadRow>>('leads/list', { filter: { search: 'lopez', sold: true } })
    expect(lopezSold.total).toBe(1)

    await ok('leads/delete', { selection: { ids: [seed.leads.duplicate] } })
    const afterDelete = await ok<Page<LeadRow>>('leads/list', { filter: { search: 'lopez' } })
    expect(afterDelete.total).toBe(lopez.total - 1)
    expect(afterDelete.rows.map((r) => r.id)).not.toContain(seed.leads.duplicate)
  })

  it('gives the rows of the page in order, whichever way a broad search is read', async () => {
    const app = await testApp()
    const admin = await adminToken(app)
    await seedConsole(app, { now: app.clock.now(), extraLeads: 30 })
    const ok = <T>(method: string, input: unknown): Promise<T> => okCall<T>(app, method, input, admin)
    const q = testSql(app)
    // 30 of the 41 leads match: read along the sort's index, each row tested against the ids found.
    for (const [column, key] of [
      ['createdAt', 'created_at'],
      ['lastName', 'last_name'],
      ['status', 'status'],
    ] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        // NULLs where SQLite puts them (first ascending, last descending), said for PostgreSQL.
        const nulls = direction === 'asc' ? 'NULLS FIRST' : 'NULLS LAST'
        const order = [...(key === 'created_at' ? [] : [key]), 'created_at', 'id'].map(
          (k) => `${k} ${direction} ${nulls}`,
        )
        const expected = (
          await q.all<{ id: number }>(
            `SELECT id FROM leads WHERE first_name LIKE 'Extra%' ORDER BY ${order.join(', ')}`,
          )
        ).map((r) => r.id)
        for (let page = 1; page <= 5; page++) {
          const got = await ok<Page<LeadRow>>('leads/list', {
            page,
            pageSize: 7,
            sort: { column, direction },
            filter: { search: 'extra' },
          })
          expect(got.total).toBe(30)
          expect(
            got.rows.map((r) => r.id),
            `${column} ${direction} page ${page}`,
          ).toEqual(expected.slice((page - 1) * 7, page * 7))
        }
      }
    }
  })
})
