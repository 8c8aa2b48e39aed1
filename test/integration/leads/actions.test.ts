import { describe, expect, it } from 'vitest'
import type { PushEvents } from '../../../src/shared/api/events'
import { seedConsole } from '../../e2e/seed/console-seed'
import { ok as okCall } from '../../support/calls'
import { testSql } from '../../support/sql'
import { adminToken, testApp, tokenFor } from '../../support/workspace'

async function seeded() {
  const app = await testApp()
  const admin = await adminToken(app)
  const seed = await seedConsole(app, { now: app.clock.now() })
  const db = testSql(app)
  const ok = <T>(method: string, input: unknown, token = admin): Promise<T> => okCall<T>(app, method, input, token)
  const fail = async (method: string, input: unknown, token = admin) => {
    const r = await app.call(method, input, token)
    if (r.ok) throw new Error(`${method} should have failed`)
    return r.error
  }
  const one = async <T>(text: string, id: number): Promise<T> => {
    const row = await db.get<T>(text, id)
    if (row === undefined) throw new Error(`no row for ${id}`)
    return row
  }
  const status = async (id: number) =>
    (await one<{ status: string }>('SELECT status FROM leads WHERE id = ?', id)).status
  const balance = async (id: number) =>
    (await one<{ b: number }>('SELECT balance_cents AS b FROM customers WHERE id = ?', id)).b
  return { app, admin, seed, db, ok, fail, status, balance }
}

describe('leads/return', () => {
  it('returns an assigned lead: Returned, wallet credited by the charge with a ledger row, logged', async () => {
    const { seed, db, ok, fail, status, balance } = await seeded()
    const before = await balance(seed.customers.acme)
    const r = await ok('leads/return', { id: seed.leads.assigned, reason: 'Invalid email', note: 'bounced twice' })
    expect(r).toEqual({ status: 'Returned', creditedCents: 1500, reversedCents: 0 })
    expect(await status(seed.leads.assigned)).toBe('Returned')
    expect(await balance(seed.customers.acme)).toBe(before + 1500)
    expect(
      await db.all(
        `SELECT kind, amount_cents, reason FROM wallet_transactions WHERE lead_id = ? ORDER BY id`,
        seed.leads.assigned,
      ),
    ).toEqual([
      { kind: 'charge', amount_cents: -1500, reason: null },
      { kind: 'credit', amount_cents: 1500, reason: 'Invalid email: bounced twice' },
    ])
    const lead = await db.get('SELECT customer_id, return_reason FROM leads WHERE id = ?', seed.leads.assigned)
    // The customer keeps access to the lead it gave back.
    expect(lead).toEqual({ customer_id: seed.customers.acme, return_reason: 'Invalid email: bounced twice' })
    const log = await ok<{ rows: { action: string }[] }>('activity/list', { action: 'lead.return' })
    expect(log.rows).toHaveLength(1)

    // Only sold-and-not-returned leads: a second return and an unsold lead are refused, nothing moves.
    expect((await fail('leads/return', { id: seed.leads.assigned, reason: 'Invalid email' })).code).toBe(
      'INVALID_STATE',
    )
    expect((await fail('leads/return', { id: seed.leads.unassigned[0], reason: 'Invalid email' })).code).toBe(
      'INVALID_STATE',
    )
    expect(await balance(seed.customers.acme)).toBe(before + 1500)
  })
})

describe('leads/edit and leads/reclassify', () => {
  it('saves contact and details, reclassifies from the new data and offers the plan stages', async () => {
    const { seed, db, ok } = await seeded()
    const id = seed.leads.unassigned[0] as number
    const r = await ok<{ changed: string[]; reclassified: unknown; stages: string[] }>('leads/edit', {
      id,
      contact: { state: 'TX', zip: '73301', first_name: 'Omar' },
      details: { vehicles: 3, garage: 'yes' },
    })
    expect(r.changed.sort()).toEqual(['garage', 'state', 'vehicles', 'zip'])
    expect(r.reclassified).toEqual({
      changed: true,
      from: { categoryName: 'Auto insurance', leadTypeName: 'Auto – CA' },
      to: { categoryName: 'Auto insurance', leadTypeName: 'Auto – Other states' },
    })
    expect(r.stages).toEqual(['bidding', 'marketplace'])
    expect(await db.get('SELECT state, lead_type_id, details FROM leads WHERE id = ?', id)).toEqual({
      state: 'TX',
      lead_type_id: seed.leadTypes.other,
      details: expect.stringContaining('"garage":"yes"'),
    })

    const again = await ok<{ changed: boolean }>('leads/reclassify', { id })
    expect(again.changed).toBe(false)
  })

  it('refuses invalid fields and sold leads, changing nothing', async () => {
    const { seed, db, fail } = await seeded()
    const id = seed.leads.unassigned[1] as number
    const before = await db.get('SELECT * FROM leads WHERE id = ?', id)
    const bad = await fail('leads/edit', { id, contact: { email: 'not-an-email' }, details: { vehicles: 40 } })
    expect(bad.code).toBe('VALIDATION')
    expect(Object.keys(bad.fields ?? {}).sort()).toEqual(['email', 'vehicles'])
    expect(await db.get('SELECT * FROM leads WHERE id = ?', id)).toEqual(before)
    const sold = await fail('leads/edit', { id: seed.leads.assigned, contact: { first_name: 'X' } })
    expect(sold.code).toBe('INVALID_STATE')
  })
})

describe('leads/reprocess', () => {
  it('sends the eligible part of "all matching" through the plan, reports progress and a summary', async () => {
    const { app, seed, ok, status, balance } = await seeded()
    const events: PushEvents['progress'][] = []
    app.events.subscribe((name, payload) => {
      if (name === 'progress') events.push(payload as PushEvents['progress'])
    })
    const before = await balance(seed.customers.acme)
    const r = await ok<{ requested: number; outcomes: Record<string, number>; skipped: number }>('leads/reprocess', {
      selection: { filter: { status: ['Unassigned', 'Audit'] }, exclude: [seed.leads.unassigned[2]] },
      from: 'bidding',
      job: 'job-1',
    })
    // Two Unassigned CA leads meet Acme's $15 bid; the two Audit leads are not eligible.
    expect(r).toEqual({ requested: 4, outcomes: { Assigned: 2 }, skipped: 2, refused: [] })
    expect(await status(seed.leads.unassigned[0] as number)).toBe('Assigned')
    expect(await status(seed.leads.unassigned[2] as number)).toBe('Unassigned')
    expect(await status(seed.leads.audit[0] as number)).toBe('Audit')
    expect(await balance(seed.customers.acme)).toBe(before - 3000)
    expect(events.every((e) => e.job === 'job-1')).toBe(true)
    expect(events.at(-1)).toMatchObject({ done: 4, total: 4, finished: true })
  })

  it('refuses a Manager; runs one lead from a later stage of its plan for an Admin', async () => {
    const { app, seed, ok, status } = await seeded()
    const manager = await tokenFor(app, 'Manager', 'm3@example.com')
    const r = await app.call('leads/reprocess', { selection: { ids: [seed.leads.distributionError] } }, manager)
    expect(r.ok === false && r.error.code).toBe('FORBIDDEN')
    expect(await status(seed.leads.distributionError)).toBe('Distribution Error')

    expect(await ok('leads/stages', { id: seed.leads.distributionError })).toEqual(['bidding', 'marketplace'])
    const one = await ok<{ outcomes: Record<string, number> }>('leads/reprocess', {
      selection: { ids: [seed.leads.distributionError] },
      from: 'marketplace',
    })
    expect(one.outcomes).toEqual({ Marketplace: 1 })
    expect(await status(seed.leads.distributionError)).toBe('Marketplace')
  })
})

describe('audit review', () => {
  it('approves one lead (distribution continues) and rejects another with its reason', async () => {
    const { seed, ok, fail, status, db } = await seeded()
    const [first, second] = seed.leads.audit as [number, number]
    expect(await ok('audit/approve', { id: first })).toEqual({ status: 'Assigned', replayed: false })
    expect(await status(first)).toBe('Assigned')
    expect(await ok('audit/reject', { id: second, reason: 'Fake name' })).toEqual({
      status: 'Unassigned',
      replayed: false,
    })
    const last = await db.get('SELECT message FROM lead_events WHERE lead_id = ? ORDER BY id DESC LIMIT 1', second)
    expect(last).toEqual({ message: expect.stringContaining('Fake name') })
    expect(await fail('audit/approve', { id: second })).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^Already rejected by /),
    })
    expect(await ok('audit/queue', {})).toEqual({ total: 0, items: [] })
  })
})
