import { describe, expect, it, vi } from 'vitest'
import { localServer } from '../../support/local-server'
import { testSql } from '../../support/sql'
import { testApp, type TestApp } from '../../support/workspace'
import { lead, operator, Seed } from './seed'

const ingest = (app: TestApp, extra: Record<string, unknown> = {}) =>
  app.services.distribution.ingest({ sourceId: null, categorySlug: 'auto', fields: lead(extra) })

async function count(app: TestApp, sql: string, ...params: unknown[]): Promise<number> {
  return (await testSql(app).get<{ n: number }>(sql, ...params))?.n ?? -1
}

describe('a crash between steps', () => {
  it('leaves the lead Pending, and the next start distributes it exactly once', async () => {
    const partner = await localServer((_req, i) =>
      // The first ping hangs until the "crash" has been taken; later ones answer at once with no bid.
      i === 0 ? { body: { accepted: false }, delayMs: 400 } : { body: { accepted: false } },
    )
    const app = await testApp()
    const seed = new Seed(app)
    const plan = await seed.plan([{ kind: 'pingpost', partnerIds: [] }, { kind: 'bidding' }])
    const cat = await seed.category({ planId: plan })
    const type = await seed.leadType({ categoryId: cat, fallback: true })
    const acme = await seed.customer('Acme', 10_000)
    await seed.bid({ customerId: acme, leadTypeId: type, priceCents: 1500 })
    await testSql(app).run(
      `INSERT INTO partners (name, ping_url, post_url, timeout_ms, created_at) VALUES ('P', ?, ?, 2000, 0)`,
      `${partner.url}/ping`,
      `${partner.url}/post`,
    )
    seed.done()
    const running = ingest(app)
    await vi.waitFor(() => expect(partner.received.length).toBe(1))
    // What a crash at this moment leaves: committed up to the network stage.
    expect(await testSql(app).get('SELECT status, resume_from FROM leads')).toEqual({
      status: 'Pending',
      resume_from: 'plan',
    })
    // The crash: the app stops with the ping out; nothing after it reaches the database.
    await app.close()
    await running.catch(() => undefined)

    const restarted = await testApp({ path: app.workspace })
    const [row] = await testSql(restarted).all<{ id: number; status: string; resume_from: string | null }>(
      'SELECT id, status, resume_from FROM leads',
    )
    expect(row).toMatchObject({ status: 'Assigned', resume_from: null })
    const events = (await restarted.services.leads.get(row?.id ?? 0)).events.map((e) => e.kind)
    expect(events.filter((k) => k === 'resumed')).toHaveLength(1)
    expect(await count(restarted, `SELECT COUNT(*) AS n FROM wallet_transactions WHERE kind = 'charge'`)).toBe(1)
    expect(await restarted.services.wallets.balance(restarted.services.deps.db, acme)).toBe(8_500)
    await restarted.close()

    // Another start finds nothing left to do.
    const again = await testApp({ path: app.workspace })
    expect(await again.services.distribution.resumePending()).toBe(0)
    expect(await count(again, `SELECT COUNT(*) AS n FROM wallet_transactions WHERE kind = 'charge'`)).toBe(1)
    expect(await count(again, `SELECT COUNT(*) AS n FROM lead_events WHERE kind = 'resumed'`)).toBe(1)
  })

  it('a lead stored before classification resumes from the start', async () => {
    const app = await testApp()
    const seed = new Seed(app)
    const cat = await seed.category({ planId: await seed.plan([{ kind: 'bidding' }]) })
    const type = await seed.leadType({ categoryId: cat, fallback: true })
    await seed.bid({ customerId: await seed.customer('Acme', 10_000), leadTypeId: type, priceCents: 1500 })
    await app.services.distribution.outcomes.repo.insertLead(app.services.deps.db, {
      uuid: 'crashed-1',
      contact: {
        first_name: 'J',
        last_name: null,
        email: 'j@x.co',
        phone: null,
        address: null,
        city: null,
        county: null,
        state: null,
        zip: null,
      },
      details: '{}',
      sourceId: null,
      categoryId: cat,
      leadTypeId: null,
      importBatchId: null,
      pingRecordId: null,
      idempotencyKey: null,
      resumeFrom: 'pipeline',
      now: app.clock.now(),
    })
    await app.close()
    const restarted = await testApp({ path: app.workspace })
    expect(
      (
        await restarted.services.leads.list({
          filter: {},
          page: 1,
          pageSize: 10,
          sort: { column: 'createdAt', direction: 'asc' },
        })
      ).rows[0],
    ).toMatchObject({
      uuid: 'crashed-1',
      status: 'Assigned',
      leadTypeName: 'Standard',
    })
  })
})

describe('subscription threshold', () => {
  async function world(threshold: number) {
    const app = await testApp()
    const seed = new Seed(app)
    const cat = await seed.category({ planId: await seed.plan([{ kind: 'bidding' }]) })
    const type = await seed.leadType({ categoryId: cat, fallback: true })
    await seed.bid({ customerId: await seed.customer('Acme', 100_000), leadTypeId: type, priceCents: 1000 })
    await seed.subscription(threshold, 1)
    seed.done()
    return { app, seed }
  }

  it('holds leads over the threshold and releases them oldest first when a new period starts', async () => {
    const { app } = await world(1)
    const a = await ingest(app)
    const b = await ingest(app)
    const c = await ingest(app)
    expect([a.status, b.status, c.status]).toEqual(['Assigned', 'Withheld', 'Withheld'])
    expect(await app.services.distribution.releaseWithheld()).toBe(0)
    app.clock.set(Date.UTC(2026, 1, 1, 0, 0, 1))
    expect(await app.services.distribution.hasReleasable()).toBe(true)
    expect(await app.services.distribution.releaseWithheld()).toBe(1)
    expect((await app.services.leads.get(b.id)).status).toBe('Assigned')
    expect((await app.services.leads.get(c.id)).status).toBe('Withheld')
    expect((await app.services.leads.get(b.id)).events.map((e) => e.kind)).toContain('released')
  })

  it('raising the threshold releases held leads without waiting for the period', async () => {
    const { app, seed } = await world(1)
    await ingest(app)
    const held = await ingest(app)
    expect(held.status).toBe('Withheld')
    await seed.subscription(5, 1)
    seed.done()
    await vi.waitFor(async () => expect((await app.services.leads.get(held.id)).status).toBe('Assigned'))
  })
})

describe('operator actions', () => {
  async function world() {
    const app = await testApp()
    const seed = new Seed(app)
    const plan = await seed.plan([{ kind: 'bidding' }])
    const cat = await seed.category({
      planId: plan,
      audit: {
        conditions: { match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'NY' }] },
        sourceIds: [],
        samplePercent: 0,
      },
    })
    const ca = await seed.leadType({
      categoryId: cat,
      name: 'California',
      priority: 1,
      conditions: { match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'CA' }] },
    })
    const other = await seed.leadType({ categoryId: cat, name: 'Elsewhere', fallback: true })
    const acme = await seed.customer('Acme', 100_000)
    seed.done()
    return { app, seed, ca, other, acme, actor: await operator(app) }
  }

  it('approving an audited lead continues it from the threshold; rejecting leaves it Unassigned with the reason', async () => {
    const { app, seed, other, acme, actor } = await world()
    await seed.bid({ customerId: acme, leadTypeId: other, priceCents: 900 })
    seed.done()
    const a = await ingest(app, { state: 'NY' })
    const b = await ingest(app, { state: 'NY' })
    expect(a.status).toBe('Audit')
    expect(await app.services.distribution.approveAudit(a.id, actor)).toEqual({ status: 'Assigned', replayed: false })
    expect(await app.services.distribution.rejectAudit(b.id, actor, 'fake name')).toEqual({
      status: 'Unassigned',
      replayed: false,
    })
    expect((await app.services.leads.get(b.id)).events.at(-1)?.message).toBe(
      'Rejected in audit by Ada Admin: fake name',
    )
    await expect(app.services.distribution.approveAudit(b.id, actor)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Already rejected by Ada Admin',
    })
  })

  it('reprocess runs only reprocessable leads, from the chosen stage', async () => {
    const { app, seed, ca, acme, actor } = await world()
    const unassigned = await ingest(app, { state: 'CA' })
    expect(unassigned.status).toBe('Unassigned')
    await seed.bid({ customerId: acme, leadTypeId: ca, priceCents: 1200 })
    seed.done()
    const assigned = await ingest(app, { state: 'CA' })
    const progress: number[] = []
    const r = await app.services.distribution.reprocess([unassigned.id, assigned.id], 'bidding', actor, (done) =>
      progress.push(done),
    )
    expect(r).toEqual({ outcomes: { Assigned: 1 }, skipped: [{ id: assigned.id, status: 'Assigned' }], refused: [] })
    expect(progress).toEqual([1, 2])
    expect(await app.services.distribution.planStages(unassigned.id)).toEqual(['bidding'])
  })

  it('reprocess from a stage the plan lacks leaves the lead Unassigned and says why', async () => {
    const { app, actor } = await world()
    const r = await ingest(app, { state: 'CA' })
    await app.services.distribution.reprocess([r.id], 'marketplace', actor)
    expect((await app.services.leads.get(r.id)).events.at(-1)?.message).toBe(
      'Unassigned: the plan has no marketplace stage',
    )
  })

  it('editing validates, refuses sold leads, and reclassifies from the new data', async () => {
    const { app, seed, other, acme, actor } = await world()
    const r = await ingest(app, { state: 'TX' })
    expect((await app.services.leads.get(r.id)).leadTypeName).toBe('Elsewhere')
    await expect(app.services.distribution.editLead(r.id, { contact: { email: 'bad' } }, actor)).rejects.toThrow(
      expect.objectContaining({ code: 'VALIDATION', fields: { email: 'Enter a valid email address' } }),
    )
    const edited = await app.services.distribution.editLead(
      r.id,
      { contact: { state: 'ca' }, details: { note: 'called back' } },
      actor,
    )
    expect(edited.reclassified).toEqual({
      changed: true,
      from: { categoryName: 'Auto insurance', leadTypeName: 'Elsewhere' },
      to: { categoryName: 'Auto insurance', leadTypeName: 'California' },
    })
    const d = await app.services.leads.get(r.id)
    expect(d).toMatchObject({ state: 'CA', details: { vehicles: 2, note: 'called back' } })
    expect((await app.services.distribution.reclassify(r.id, actor)).changed).toBe(false)
    await seed.bid({ customerId: acme, leadTypeId: other, priceCents: 900 })
    seed.done()
    const sold = await ingest(app, { state: 'TX' })
    await expect(app.services.distribution.editLead(sold.id, { contact: { state: 'NV' } }, actor)).rejects.toThrow(
      /sold lead/,
    )
  })
})
