import { describe, expect, it } from 'vitest'
import type { ReprocessBreakdown, ReprocessSummary } from '../../../src/shared/api/leads'
import { seedConsole } from '../../e2e/seed/console-seed'
import { ok as okCall } from '../../support/calls'
import { testSql } from '../../support/sql'
import { adminToken, testApp } from '../../support/workspace'

async function seeded() {
  const app = await testApp()
  const admin = await adminToken(app)
  const seed = await seedConsole(app, { now: app.clock.now() })
  const db = testSql(app)
  const ok = <T>(method: string, input: unknown): Promise<T> => okCall<T>(app, method, input, admin)
  const one = async <T>(text: string, id: number): Promise<T> => {
    const row = await db.get<T>(text, id)
    if (row === undefined) throw new Error(`no row for ${id}`)
    return row
  }
  const lead = (id: number) =>
    one<{ status: string; category_id: number | null; lead_type_id: number | null }>(
      'SELECT status, category_id, lead_type_id FROM leads WHERE id = ?',
      id,
    )
  const lastEvent = (id: number) =>
    one<{ kind: string; message: string }>(
      'SELECT kind, message FROM lead_events WHERE lead_id = ? ORDER BY id DESC LIMIT 1',
      id,
    )
  return { app, seed, db, ok, lead, lastEvent }
}

describe('reprocess from the beginning or from a later stage', () => {
  it('from the beginning classifies an Uncategorized lead again and distributes it as a new lead', async () => {
    const { seed, ok, lead, db } = await seeded()
    const id = seed.leads.uncategorized
    expect(await lead(id)).toEqual({ status: 'Uncategorized', category_id: null, lead_type_id: null })

    const r = await ok<ReprocessSummary>('leads/reprocess', { selection: { ids: [id] }, from: null })
    expect(r).toEqual({ requested: 1, outcomes: { Assigned: 1 }, skipped: 0, refused: [] })
    // The source's default category, then the CA type (state CA), then Acme's $15 bid.
    expect(await lead(id)).toEqual({
      status: 'Assigned',
      category_id: seed.categoryId,
      lead_type_id: seed.leadTypes.ca,
    })
    const stages = (
      await db.all<{ stage: string }>('SELECT stage FROM lead_events WHERE lead_id = ? ORDER BY id', id)
    ).map((e) => e.stage)
    expect([...new Set(stages)]).toEqual(['operator', 'classify', 'duplicate', 'audit', 'threshold', 'bidding'])
    // The operator who sent it through is named on the wallet charge.
    const admin = await db.get<{ id: number }>(`SELECT id FROM users WHERE email = 'admin@example.com'`)
    expect(await db.all('SELECT kind, amount_cents, user_id FROM wallet_transactions WHERE lead_id = ?', id)).toEqual([
      { kind: 'charge', amount_cents: -1500, user_id: admin?.id },
    ])
  })

  it('the input default is the beginning too', async () => {
    const { seed, ok, lead } = await seeded()
    await ok<ReprocessSummary>('leads/reprocess', { selection: { ids: [seed.leads.uncategorized] } })
    expect((await lead(seed.leads.uncategorized)).lead_type_id).toBe(seed.leadTypes.ca)
  })

  it('a later start keeps the classification and refuses leads with no lead type, in the preview and the run', async () => {
    const { seed, ok, lead, lastEvent } = await seeded()
    const ids = [seed.leads.uncategorized, seed.leads.distributionError, seed.leads.assigned]
    const preview = await ok<ReprocessBreakdown>('leads/reprocessPreview', { selection: { ids } })
    expect(preview).toMatchObject({ total: 3, eligible: 2, notEligible: 1, withoutLeadType: 1 })
    const all = await ok<ReprocessBreakdown>('leads/reprocessPreview', {
      selection: { filter: {}, exclude: [seed.leads.distributionError] },
    })
    expect(all.withoutLeadType).toBe(1)
    const excluded = await ok<ReprocessBreakdown>('leads/reprocessPreview', {
      selection: { filter: {}, exclude: [seed.leads.uncategorized] },
    })
    expect(excluded.withoutLeadType).toBe(0)

    const r = await ok<ReprocessSummary>('leads/reprocess', { selection: { ids }, from: 'marketplace' })
    expect(r).toEqual({
      requested: 3,
      outcomes: { Marketplace: 1 },
      skipped: 1,
      refused: [{ reason: 'no lead type', count: 1 }],
    })
    expect(await lead(seed.leads.uncategorized)).toEqual({
      status: 'Uncategorized',
      category_id: null,
      lead_type_id: null,
    })
    expect(await lastEvent(seed.leads.uncategorized)).toEqual({
      kind: 'reprocess-refused',
      message: expect.stringContaining('the lead has no lead type'),
    })
    expect(await lead(seed.leads.distributionError)).toMatchObject({
      status: 'Marketplace',
      lead_type_id: seed.leadTypes.ca,
    })
  })

  it('from the beginning validates like intake: a lead whose fields no longer hold is refused, unchanged', async () => {
    const { seed, ok, lead, lastEvent, db } = await seeded()
    const id = seed.leads.unassigned[0] as number
    // Vehicles allows 1–10; a stored value of 40 (say, the rule was tightened) fails validation.
    await db.run(`UPDATE leads SET details = '{"vehicles":40}' WHERE id = ?`, id)
    const before = await lead(id)
    const r = await ok<ReprocessSummary>('leads/reprocess', { selection: { ids: [id] }, from: null })
    expect(r.refused).toEqual([{ reason: 'invalid fields', count: 1 }])
    expect(r.outcomes).toEqual({})
    expect(await lead(id)).toEqual(before)
    expect((await lastEvent(id)).message).toContain('vehicles')
  })
})
