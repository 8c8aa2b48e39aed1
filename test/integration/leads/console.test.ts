import { describe, expect, it } from 'vitest'
import type { LeadRow } from '../../../src/shared/domain/lead'
import type { Page } from '../../../src/shared/domain/page'
import { seedConsole } from '../../e2e/seed/console-seed'
import { ok as okCall } from '../../support/calls'
import { testSql } from '../../support/sql'
import { adminToken, testApp, tokenFor } from '../../support/workspace'

async function seeded(extraLeads = 0) {
  const app = await testApp()
  const admin = await adminToken(app)
  const seed = await seedConsole(app, { now: app.clock.now(), extraLeads })
  const ok = <T>(method: string, input: unknown, token = admin): Promise<T> => okCall<T>(app, method, input, token)
  return { app, admin, seed, ok, q: testSql(app) }
}

describe('leads/list', () => {
  it('filters by status, sold, category, customer and text, and counts the whole match', async () => {
    const { seed, ok } = await seeded()
    const all = await ok<Page<LeadRow>>('leads/list', {})
    expect(all.total).toBe(11)
    expect(all.rows.map((r) => r.createdAt)).toEqual([...all.rows.map((r) => r.createdAt)].sort((a, b) => b - a))

    const unassigned = await ok<Page<LeadRow>>('leads/list', { filter: { status: ['Unassigned'] } })
    expect(unassigned.total).toBe(3)
    expect(unassigned.rows.every((r) => r.status === 'Unassigned')).toBe(true)

    const sold = await ok<Page<LeadRow>>('leads/list', { filter: { sold: true } })
    expect(sold.rows.map((r) => r.status).sort()).toEqual(['Assigned', 'Posted', 'Returned'])
    // "Sold" narrows a status filter rather than widening it.
    const soldAndAudit = await ok<Page<LeadRow>>('leads/list', { filter: { sold: true, status: ['Audit'] } })
    expect(soldAndAudit.total).toBe(0)

    const acme = await ok<Page<LeadRow>>('leads/list', { filter: { customerId: [seed.customers.acme] } })
    expect(acme.rows.map((r) => r.id).sort()).toEqual([seed.leads.assigned, seed.leads.returned].sort())
    expect(acme.rows[0]?.customerName).toBe('Acme Insurance')

    const search = await ok<Page<LeadRow>>('leads/list', { filter: { search: 'mari lop' } })
    expect(search.rows.map((r) => r.id).sort()).toEqual([seed.leads.assigned, seed.leads.duplicate].sort())
    const byEmail = await ok<Page<LeadRow>>('leads/list', { filter: { search: 'kim.nguyen@mail.test' } })
    expect(byEmail.rows.map((r) => r.id)).toEqual([seed.leads.posted])
    // An address start uses the email index; "mail.test" alone would match every lead by its words.
    const emailStart = await ok<Page<LeadRow>>('leads/list', { filter: { search: 'julia.r@' } })
    expect(emailStart.total).toBe(0)
    const emailPrefix = await ok<Page<LeadRow>>('leads/list', { filter: { search: 'julia.rossi@mail' } })
    expect(emailPrefix.rows.map((r) => r.id)).toEqual([seed.leads.unassigned[1]])
    // Digits go to the phone index, with or without the country code and punctuation.
    const phone = await ok<Page<LeadRow>>('leads/list', { filter: { search: '(415) 555-1003' } })
    expect(phone.rows.map((r) => r.phone)).toEqual(['+14155551003'])
    const phoneStart = await ok<Page<LeadRow>>('leads/list', { filter: { search: '+1 415 555' } })
    expect(phoneStart.total).toBe(11)
  })

  it('finds a lead by its full UUID and by the last four or more digits of its phone', async () => {
    const { seed, ok, q } = await seeded(5)
    const posted = await q.get<{ uuid: string; phone: string }>(
      'SELECT uuid, phone FROM leads WHERE id = ?',
      seed.leads.posted,
    )
    if (posted === undefined) throw new Error('the posted lead is missing')
    const { uuid, phone } = posted
    const byUuid = await ok<Page<LeadRow>>('leads/list', { filter: { search: ` ${uuid.toUpperCase()} ` } })
    expect(byUuid).toMatchObject({ total: 1, rows: [{ id: seed.leads.posted, uuid }] })
    // A UUID no lead has finds nothing (its words would match every seeded lead).
    const unknown = await ok<Page<LeadRow>>('leads/list', {
      filter: { search: '5eed0000-0000-4000-8000-999999999999' },
    })
    expect(unknown.total).toBe(0)

    const last4 = phone.slice(-4)
    const byEnd = await ok<Page<LeadRow>>('leads/list', { filter: { search: last4 } })
    expect(byEnd.rows.map((r) => r.id)).toEqual([seed.leads.posted])
    const byLonger = await ok<Page<LeadRow>>('leads/list', { filter: { search: `555-${last4}` } })
    expect(byLonger.rows.map((r) => r.id)).toEqual([seed.leads.posted])
    // Every digit typed must match: one wrong digit before the last four finds nothing.
    const wrong = await ok<Page<LeadRow>>('leads/list', { filter: { search: `9${last4}` } })
    expect(wrong.total).toBe(0)
    // Combined with a filter, the phone's end narrows it as any other search does.
    const filtered = await ok<Page<LeadRow>>('leads/list', { filter: { search: last4, status: ['Unassigned'] } })
    expect(filtered.total).toBe(0)
  })

  it('pages and sorts on the server', async () => {
    const { ok } = await seeded(30)
    const first = await ok<Page<LeadRow>>('leads/list', {
      pageSize: 10,
      sort: { column: 'lastName', direction: 'asc' },
    })
    const second = await ok<Page<LeadRow>>('leads/list', {
      page: 2,
      pageSize: 10,
      sort: { column: 'lastName', direction: 'asc' },
    })
    expect(first.total).toBe(41)
    expect(first.rows).toHaveLength(10)
    const names = [...first.rows, ...second.rows].map((r) => r.lastName ?? '')
    expect(names).toEqual([...names].sort())
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(20)
  })

  it('gives the same rows whichever index a broad filter is read along', async () => {
    const { ok, q } = await seeded(30)
    const filter = { status: ['Unassigned', 'Duplicate'] }
    const sorted = await ok<Page<LeadRow>>('leads/list', {
      pageSize: 500,
      sort: { column: 'lastName', direction: 'desc' },
      filter,
    })
    // NULL names last, as SQLite puts them in a descending sort (and as the console asks on PostgreSQL).
    const expected = await q.all<{ id: number }>(
      `SELECT id FROM leads WHERE status IN ('Unassigned', 'Duplicate')
        ORDER BY last_name DESC NULLS LAST, created_at DESC, id DESC`,
    )
    expect(sorted.total).toBe(34)
    expect(sorted.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id))
    const page2 = await ok<Page<LeadRow>>('leads/list', {
      page: 2,
      pageSize: 10,
      sort: { column: 'lastName', direction: 'desc' },
      filter,
    })
    expect(page2.rows.map((r) => r.id)).toEqual(expected.slice(10, 20).map((r) => r.id))
  })
})

describe('status totals', () => {
  it('stay equal to a real count through inserts, status changes and deletes', async () => {
    const { seed, ok, q } = await seeded(5)
    await q.run(`UPDATE leads SET status = 'Assigned' WHERE id = ?`, seed.leads.unassigned[0])
    await q.run(`UPDATE leads SET first_name = 'Omar2' WHERE id = ?`, seed.leads.unassigned[1])
    await ok('leads/delete', { selection: { ids: [seed.leads.duplicate, seed.leads.audit[0]] } })
    const real = await q.all(`SELECT status, count(*) AS n FROM leads GROUP BY status ORDER BY status`)
    const kept = await q.all(`SELECT status, n FROM lead_status_counts WHERE n > 0 ORDER BY status`)
    expect(kept).toEqual(real)
    const sold = await ok<Page<LeadRow>>('leads/list', { filter: { sold: true } })
    expect(sold.total).toBe(4)
    const all = await ok<Page<LeadRow>>('leads/list', {})
    expect(all.total).toBe(14)
  })
})

describe('leads/reprocessPreview', () => {
  it('counts a selection by status, eligible first, for explicit ids', async () => {
    const { seed, ok } = await seeded()
    const ids = [...seed.leads.unassigned, seed.leads.assigned, seed.leads.distributionError, ...seed.leads.audit]
    const b = await ok<{ total: number; eligible: number; notEligible: number; byStatus: unknown[] }>(
      'leads/reprocessPreview',
      { selection: { ids } },
    )
    expect(b).toEqual({
      total: 7,
      eligible: 4,
      notEligible: 3,
      byStatus: [
        { status: 'Unassigned', count: 3, eligible: true },
        { status: 'Distribution Error', count: 1, eligible: true },
        { status: 'Audit', count: 2, eligible: false },
        { status: 'Assigned', count: 1, eligible: false },
      ],
      withoutLeadType: 0,
    })
  })

  it('counts "all matching" from the filter and takes the exclusions back out', async () => {
    const { seed, ok } = await seeded(10)
    const b = await ok<{ total: number; eligible: number; byStatus: { status: string; count: number }[] }>(
      'leads/reprocessPreview',
      {
        selection: {
          filter: { status: ['Unassigned', 'Duplicate'] },
          exclude: [seed.leads.unassigned[0], seed.leads.assigned],
        },
      },
    )
    // 3 + 5 Unassigned, 1 + 5 Duplicate; one Unassigned excluded; the Assigned exclusion is not in the filter.
    expect(b.byStatus).toEqual([
      { status: 'Unassigned', count: 7, eligible: true },
      { status: 'Duplicate', count: 6, eligible: false },
    ])
    expect(b.total).toBe(13)
    expect(b.eligible).toBe(7)
  })
})

describe('leads/customerView', () => {
  it('returns only deliverable fields: a non-deliverable field never leaves the main process', async () => {
    const { app, seed, admin } = await seeded()
    const r = await app.call('leads/customerView', { customerId: seed.customers.acme }, admin)
    expect(r.ok).toBe(true)
    const raw = JSON.stringify(r)
    expect(raw).not.toContain('credit_score')
    expect(raw).not.toContain('712')
    if (!r.ok) return
    const page = r.data as {
      columns: { key: string }[]
      rows: { id: number; status: string; values: Record<string, unknown> }[]
    }
    expect(page.columns.map((c) => c.key)).toEqual([
      'first_name',
      'last_name',
      'email',
      'phone',
      'state',
      'zip',
      'vehicles',
    ])
    // The customer keeps access to the lead it returned.
    expect(page.rows.map((row) => [row.id, row.status])).toEqual([
      [seed.leads.assigned, 'Assigned'],
      [seed.leads.returned, 'Returned'],
    ])
    expect(page.rows[0]?.values).toEqual({
      first_name: 'Maria',
      last_name: 'Lopez',
      email: 'maria.lopez@mail.test',
      phone: expect.any(String),
      state: 'CA',
      zip: '94105',
      vehicles: 2,
    })
  })

  it('shows a deliverable phone with its extension, as the customer’s export writes it', async () => {
    const { app, seed, admin, q } = await seeded()
    const lead = await q.get<{ phone: string; details: string }>(
      'SELECT phone, details FROM leads WHERE id = ?',
      seed.leads.assigned,
    )
    if (lead === undefined) throw new Error('the assigned lead is missing')
    const details = { ...(JSON.parse(lead.details) as Record<string, unknown>), phone_ext: '12' }
    await q.run('UPDATE leads SET details = ? WHERE id = ?', JSON.stringify(details), seed.leads.assigned)
    const phone = lead.phone
    const r = await app.call('leads/customerView', { customerId: seed.customers.acme }, admin)
    if (!r.ok) throw new Error(r.error.message)
    const rows = (r.data as { rows: { id: number; values: Record<string, unknown> }[] }).rows
    expect(rows.find((row) => row.id === seed.leads.assigned)?.values['phone']).toBe(`${phone} x12`)
    expect(rows.find((row) => row.id === seed.leads.returned)?.values['phone']).not.toContain(' x')
  })

  it('answers NOT_FOUND for an unknown customer', async () => {
    const { app, admin } = await seeded()
    const r = await app.call('leads/customerView', { customerId: 999 }, admin)
    expect(r.ok === false && r.error.code).toBe('NOT_FOUND')
  })
})

describe('lead detail extras', () => {
  it('lists ping and post records only for leads that have them', async () => {
    const { seed, ok } = await seeded()
    const records = await ok<{ kind: string; partnerName: string; payload: unknown; outcome: string }[]>(
      'leads/pingpostRecords',
      { id: seed.leads.posted },
    )
    expect(records.map((r) => [r.kind, r.partnerName, r.outcome])).toEqual([
      ['ping', 'LeadCo Exchange', 'bid'],
      ['post', 'LeadCo Exchange', 'accepted'],
    ])
    expect(records[0]?.payload).toEqual({ state: 'TX', zip: '73301', vehicles: 2 })
    expect(await ok('leads/pingpostRecords', { id: seed.leads.assigned })).toEqual([])
  })

  it("gives the edit form the lead's category fields in order", async () => {
    const { seed, ok } = await seeded()
    const fields = await ok<{ key: string; required: boolean; deliverable: boolean }[]>('leads/fields', {
      id: seed.leads.unassigned[0],
    })
    expect(fields.map((f) => f.key)).toEqual([
      'first_name',
      'last_name',
      'email',
      'phone',
      'state',
      'zip',
      'vehicles',
      'credit_score',
    ])
    expect(fields.find((f) => f.key === 'credit_score')?.deliverable).toBe(false)
  })

  it('queues Audit leads oldest first with the check that stopped them', async () => {
    const { seed, ok } = await seeded()
    const q = await ok<{ total: number; items: { id: number; reason: string }[] }>('audit/queue', {})
    expect(q.total).toBe(2)
    expect(q.items.map((i) => i.id)).toEqual(seed.leads.audit)
    expect(q.items[1]?.reason).toBe('Audit: leads from Web form are always reviewed')
  })
})

describe('delete and the activity log', () => {
  it('deletes "all matching except" and records who deleted what', async () => {
    const { seed, ok, q } = await seeded()
    const r = await ok<{ deleted: number }>('leads/delete', {
      selection: { filter: { status: ['Unassigned'] }, exclude: [seed.leads.unassigned[2]] },
    })
    expect(r.deleted).toBe(2)
    const left = await q.all<{ id: number }>(`SELECT id FROM leads WHERE status = 'Unassigned'`)
    expect(left.map((l) => l.id)).toEqual([seed.leads.unassigned[2]])
    const activity = await ok<{
      total: number
      rows: { action: string; userName: string; summary: string; before: unknown }[]
    }>('activity/list', { action: 'leads.delete' })
    expect(activity.total).toBe(1)
    expect(activity.rows[0]).toMatchObject({
      action: 'leads.delete',
      userName: 'Ada Admin',
      summary: 'Deleted 2 leads',
    })
    expect(activity.rows[0]?.before).toHaveLength(2)
  })
})

describe('a large delete', () => {
  it('goes in chunks with progress, and the log names the first thousand leads', async () => {
    const { app, seed, ok, q } = await seeded(4_500)
    const progress: { done: number; total: number; finished?: boolean }[] = []
    app.events.subscribe((name, payload) => {
      if (name === 'progress') progress.push(payload as (typeof progress)[number])
    })
    const r = await ok<{ deleted: number }>('leads/delete', {
      selection: { filter: {}, exclude: [seed.leads.assigned] },
      job: 'delete-all',
    })
    expect(r.deleted).toBe(4_510)
    expect(progress.map((p) => p.done)).toEqual([2_000, 4_000, 4_510, 4_510])
    expect(progress.at(-1)?.finished).toBe(true)
    const left = await q.all('SELECT id FROM leads')
    expect(left).toEqual([{ id: seed.leads.assigned }])
    const log = await ok<{ rows: { before: unknown[]; after: unknown }[] }>('activity/list', { action: 'leads.delete' })
    expect(log.rows[0]?.before).toHaveLength(1_000)
    expect(log.rows[0]?.after).toEqual({ deleted: 4_510, listed: 1_000 })
  })
})

describe('permissions of the console', () => {
  it('refuses a Viewer every change and a Manager bulk reprocessing, and changes nothing', async () => {
    const { app, seed, q } = await seeded()
    const viewer = await tokenFor(app, 'Viewer', 'v2@example.com')
    const manager = await tokenFor(app, 'Manager', 'm2@example.com')
    const operator = await tokenFor(app, 'Operator', 'o2@example.com')
    const attempts: [string, unknown, string][] = [
      ['leads/edit', { id: seed.leads.unassigned[0], contact: { first_name: 'X' } }, viewer],
      ['leads/reclassify', { id: seed.leads.unassigned[0] }, viewer],
      ['leads/return', { id: seed.leads.assigned, reason: 'Invalid email' }, viewer],
      ['leads/delete', { selection: { ids: [seed.leads.unassigned[0]] } }, viewer],
      ['leads/reprocess', { selection: { ids: [seed.leads.unassigned[0]] }, from: 'bidding' }, viewer],
      ['audit/approve', { id: seed.leads.audit[0] }, viewer],
      ['audit/reject', { id: seed.leads.audit[0], reason: 'junk' }, viewer],
      ['leads/reprocess', { selection: { filter: {}, exclude: [] }, from: 'bidding' }, manager],
      ['leads/delete', { selection: { ids: [seed.leads.unassigned[0]] } }, operator],
      ['activity/list', {}, operator],
    ]
    const before = await q.all(`SELECT id, status, first_name FROM leads ORDER BY id`)
    for (const [method, input, token] of attempts) {
      const r = await app.call(method, input, token)
      expect(r.ok === false && r.error.code, method).toBe('FORBIDDEN')
    }
    expect(await q.all(`SELECT id, status, first_name FROM leads ORDER BY id`)).toEqual(before)
    // Everyone may look.
    for (const token of [viewer, manager, operator]) {
      expect((await app.call('leads/list', {}, token)).ok).toBe(true)
      expect((await app.call('leads/reprocessPreview', { selection: { ids: [1] } }, token)).ok).toBe(true)
    }
  })

  it('asks for a note when the return reason is "Other"', async () => {
    const { app, seed, admin } = await seeded()
    const r = await app.call('leads/return', { id: seed.leads.assigned, reason: 'Other', note: '  ' }, admin)
    expect(r.ok === false && r.error.code).toBe('VALIDATION')
    expect(r.ok === false && r.error.fields).toEqual({ note: 'Say why the customer returned it' })
  })
})
