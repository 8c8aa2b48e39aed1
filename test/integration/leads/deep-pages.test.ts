import { describe, expect, it } from 'vitest'
import { LEAD_SORT_COLUMNS } from '../../../src/shared/api/leads'
import type { LeadRow } from '../../../src/shared/domain/lead'
import type { Page } from '../../../src/shared/domain/page'
import { seedConsole } from '../../e2e/seed/console-seed'
import { ok as okCall } from '../../support/calls'
import { testSql } from '../../support/sql'
import { adminToken, testApp } from '../../support/workspace'

describe('leads/list pages past the middle', () => {
  it('are read from the other end and hold exactly the rows of the same page read forwards', async () => {
    const app = await testApp()
    const admin = await adminToken(app)
    await seedConsole(app, { now: app.clock.now(), extraLeads: 30 })
    const ok = <T>(method: string, input: unknown): Promise<T> => okCall<T>(app, method, input, admin)
    const q = testSql(app)
    // Ties on the sort column (many leads share a status or no charge) are where an order that is not
    // exactly reversed would show.
    const sql: Record<(typeof LEAD_SORT_COLUMNS)[number], string> = {
      createdAt: 'created_at',
      updatedAt: 'updated_at',
      status: 'status',
      lastName: 'last_name',
      email: 'email',
      chargedCents: 'charged_cents',
    }
    for (const column of LEAD_SORT_COLUMNS) {
      for (const direction of ['asc', 'desc'] as const) {
        const key = sql[column]
        // NULLs where SQLite puts them (first ascending, last descending), said for PostgreSQL.
        const nulls = direction === 'asc' ? 'NULLS FIRST' : 'NULLS LAST'
        const order = [...(key === 'created_at' ? [] : [key]), 'created_at', 'id'].map(
          (k) => `${k} ${direction} ${nulls}`,
        )
        const expected = (await q.all<{ id: number }>(`SELECT id FROM leads ORDER BY ${order.join(', ')}`)).map(
          (r) => r.id,
        )
        expect(expected).toHaveLength(41)
        // 41 leads at 6 a page: pages 5 to 7 lie past the middle, the 7th holds the last 5.
        for (let page = 1; page <= 8; page++) {
          const got = await ok<Page<LeadRow>>('leads/list', { page, pageSize: 6, sort: { column, direction } })
          expect(got.total).toBe(41)
          expect(
            got.rows.map((r) => r.id),
            `${column} ${direction} page ${page}`,
          ).toEqual(expected.slice((page - 1) * 6, page * 6))
        }
      }
    }
    // With a filter too: the total it counts is the end the page is read from.
    const unassigned = (
      await q.all<{ id: number }>(`SELECT id FROM leads WHERE status = 'Unassigned' ORDER BY created_at DESC, id DESC`)
    ).map((r) => r.id)
    const last = Math.ceil(unassigned.length / 4)
    const lastPage = await ok<Page<LeadRow>>('leads/list', {
      page: last,
      pageSize: 4,
      filter: { status: ['Unassigned'] },
    })
    expect(lastPage.rows.map((r) => r.id)).toEqual(unassigned.slice((last - 1) * 4))
  })
})
