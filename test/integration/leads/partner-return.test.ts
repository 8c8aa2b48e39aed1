import { describe, expect, it } from 'vitest'
import { localServer } from '../../support/local-server'
import { adminToken, testApp, type TestApp } from '../../support/workspace'
import { lead, Seed } from '../engine/seed'

/** A lead sold through a real ping/post to a local partner at $12.50. */
async function postedLead() {
  const partner = await localServer((r) =>
    r.path === '/ping'
      ? { body: { accepted: true, price: 12.5, id: 'bid-1' } }
      : { body: { accepted: true, id: 'o-1' } },
  )
  const app = await testApp()
  const seed = new Seed(app)
  const plan = await seed.plan([{ kind: 'pingpost', partnerIds: [] }])
  await seed.leadType({ categoryId: await seed.category({ planId: plan }), fallback: true })
  app.services.deps.store.sqlite
    .prepare(`INSERT INTO partners (name, ping_url, post_url, created_at) VALUES ('Acme Exchange', ?, ?, 0)`)
    .run(`${partner.url}/ping`, `${partner.url}/post`)
  seed.done()
  const r = await app.services.distribution.ingest({ sourceId: null, categorySlug: 'auto', fields: lead() })
  expect(r.status).toBe('Posted')
  return { app, id: r.id, admin: await adminToken(app) }
}

const revenue = (app: TestApp): number =>
  (
    app.services.deps.store.sqlite.prepare(`SELECT COALESCE(SUM(amount_cents), 0) AS n FROM partner_ledger`).get() as {
      n: number
    }
  ).n

describe('a partner returns a lead it bought through a post', () => {
  it('turns the lead Returned, reverses the partner revenue, and says so in the trace and the activity log', async () => {
    const { app, id, admin } = await postedLead()
    expect(revenue(app)).toBe(1250)
    const wallet = app.services.deps.store.sqlite.prepare('SELECT COUNT(*) AS n FROM wallet_transactions').get()
    const r = await app.call('leads/return', { id, reason: 'Invalid email', note: 'bounced' }, admin)
    expect(r).toEqual({ ok: true, data: { status: 'Returned', creditedCents: 0, reversedCents: 1250 } })
    expect(revenue(app)).toBe(0)
    const detail = await app.services.leads.get(id)
    expect(detail).toMatchObject({
      status: 'Returned',
      returnReason: 'Invalid email: bounced',
      partnerName: 'Acme Exchange',
    })
    expect(detail.events.at(-1)?.message).toBe(
      'Returned by Acme Exchange (entered by Ada Admin): Invalid email: bounced; partner revenue reversed 12.50',
    )
    const log = app.services.deps.store.sqlite
      .prepare(`SELECT action, summary FROM audit_log WHERE action = 'lead.return'`)
      .all()
    expect(log).toEqual([{ action: 'lead.return', summary: 'Returned by Acme Exchange: Invalid email: bounced' }])
    // No customer wallet moves for a partner's return.
    expect(app.services.deps.store.sqlite.prepare('SELECT COUNT(*) AS n FROM wallet_transactions').get()).toEqual(
      wallet,
    )

    // Returned once: a second return is refused and reverses nothing more.
    const again = await app.call('leads/return', { id, reason: 'Invalid email' }, admin)
    expect(again.ok ? null : again.error.code).toBe('INVALID_STATE')
    expect(revenue(app)).toBe(0)
  })

  it('reverses part of the price when the partner takes back less, never more than it paid', async () => {
    const { app, id, admin } = await postedLead()
    const tooMuch = await app.call('leads/return', { id, reason: 'Other', note: 'partial', amountCents: 1251 }, admin)
    expect(tooMuch.ok ? null : tooMuch.error).toMatchObject({
      code: 'VALIDATION',
      fields: { amountCents: expect.any(String) },
    })
    expect((await app.services.leads.get(id)).status).toBe('Posted')
    expect(revenue(app)).toBe(1250)

    const r = await app.call('leads/return', { id, reason: 'Other', note: 'partial', amountCents: 500 }, admin)
    expect(r).toMatchObject({ ok: true, data: { reversedCents: 500 } })
    expect(revenue(app)).toBe(750)
  })

  it('the database refuses a return that reverses more than the sale, whatever the code before it did', async () => {
    const { app, id } = await postedLead()
    const sqlite = app.services.deps.store.sqlite
    expect(() =>
      sqlite
        .prepare(
          `INSERT INTO partner_ledger (partner_id, lead_id, kind, amount_cents, created_at) VALUES (1, ?, 'return', -1300, 0)`,
        )
        .run(id),
    ).toThrow(/cannot reverse more than the sale/)
    sqlite
      .prepare(
        `INSERT INTO partner_ledger (partner_id, lead_id, kind, amount_cents, created_at) VALUES (1, ?, 'return', -100, 0)`,
      )
      .run(id)
    expect(() =>
      sqlite
        .prepare(
          `INSERT INTO partner_ledger (partner_id, lead_id, kind, amount_cents, created_at) VALUES (1, ?, 'return', -100, 0)`,
        )
        .run(id),
    ).toThrow(/UNIQUE/)
  })
})
