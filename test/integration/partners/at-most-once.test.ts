import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { localServer, type Received } from '../../support/local-server'
import { testSql } from '../../support/sql'
import { adminToken, testApp, type TestApp } from '../../support/workspace'
import { refuseInserts } from '../engine/faults'
import { lead, operator, Seed } from '../engine/seed'

const ROOT = join(__dirname, '..', '..', '..')
/** Long enough that the test, not the partner, decides when the hanging post ends. */
const HANG_MS = 60_000

/**
 * A partner that bids $12.50 on every ping and answers posts as `post` says (hang = never answers
 * while the test runs), with a plan of ping/post then bidding: "not sold" ends with the bid.
 */
async function world(post: 'hang' | 'accept' | 'garble', options: { timeoutMs?: number } = {}) {
  const partner = await localServer((r: Received) =>
    r.path === '/ping'
      ? { body: { accepted: true, price: 12.5, id: 'bid-1' } }
      : post === 'hang'
        ? { body: { accepted: true }, delayMs: HANG_MS }
        : post === 'garble'
          ? { text: '<html>thanks</html>' }
          : { body: { accepted: true, id: 'order-1' } },
  )
  const app = await testApp()
  const seed = new Seed(app)
  const plan = await seed.plan([{ kind: 'pingpost', partnerIds: [] }, { kind: 'bidding' }])
  const type = await seed.leadType({ categoryId: await seed.category({ planId: plan }), fallback: true })
  const acme = await seed.customer('Acme', 10_000)
  await seed.bid({ customerId: acme, leadTypeId: type, priceCents: 1500 })
  await testSql(app).run(
    `INSERT INTO partners (name, ping_url, post_url, timeout_ms, created_at) VALUES ('Acme Exchange', ?, ?, ?, 0)`,
    `${partner.url}/ping`,
    `${partner.url}/post`,
    options.timeoutMs ?? 300,
  )
  seed.done()
  const posts = () => partner.received.filter((r) => r.path === '/post')
  return { app, partner, posts, acme }
}

async function q<T>(app: TestApp, sql: string, ...params: unknown[]): Promise<T> {
  return (await testSql(app).get(sql, ...params)) as T
}

async function rows<T>(app: TestApp, sql: string, ...params: unknown[]): Promise<T[]> {
  return (await testSql(app).all(sql, ...params)) as T[]
}

const onlyLead = (app: TestApp) =>
  q<{ id: number; status: string; resume_from: string | null }>(app, 'SELECT id, status, resume_from FROM leads')

describe('a post whose outcome is unknown is sent once and waits for an operator', () => {
  it('a partner that takes the ping and hangs on the post: one post, Outcome Unknown, a clear trace', async () => {
    const { app, posts } = await world('hang', { timeoutMs: 300 })
    const r = await app.services.distribution.ingest({ sourceId: null, categorySlug: 'auto', fields: lead() })
    expect(r.status).toBe('Outcome Unknown')
    expect(posts()).toHaveLength(1)

    const detail = await app.services.leads.get(r.id)
    expect(detail).toMatchObject({ status: 'Outcome Unknown', partnerName: 'Acme Exchange', customerId: null })
    const messages = detail.events.map((e) => e.message)
    expect(messages).toContain('post to Acme Exchange: outcome unknown — timed out after 300 ms')
    expect(messages.at(-1)).toMatch(/^Outcome unknown: post to Acme Exchange — timed out after 300 ms/)
    // The record says what went over the wire; the later bidding stage never ran, nothing was charged.
    expect(
      await rows(app, `SELECT kind, outcome, price_cents FROM pingpost_records WHERE lead_id = ? ORDER BY id`, r.id),
    ).toEqual([
      { kind: 'ping', outcome: 'bid', price_cents: 1250 },
      { kind: 'post', outcome: 'unknown', price_cents: 1250 },
    ])
    expect(await q(app, `SELECT COUNT(*) AS n FROM wallet_transactions WHERE kind = 'charge'`)).toEqual({ n: 0 })

    // It shows in the console's filter, and neither a restart nor a reprocess posts it again.
    const list = await app.services.leads.list({
      filter: { status: ['Outcome Unknown'] },
      page: 1,
      pageSize: 10,
      sort: { column: 'createdAt', direction: 'desc' },
    })
    expect(list.rows.map((l) => l.id)).toEqual([r.id])
    expect(await app.services.distribution.resumePending()).toBe(0)
    const reprocessed = await app.services.distribution.reprocess([r.id], null, await operator(app))
    expect(reprocessed.skipped).toEqual([{ id: r.id, status: 'Outcome Unknown' }])
    expect(posts()).toHaveLength(1)
  })

  it('a 2xx answer that cannot be read is an unknown outcome too, not a refusal to walk past', async () => {
    const { app, posts } = await world('garble')
    const r = await app.services.distribution.ingest({ sourceId: null, categorySlug: 'auto', fields: lead() })
    expect(r.status).toBe('Outcome Unknown')
    expect(posts()).toHaveLength(1)
    expect((await app.services.leads.get(r.id)).events.map((e) => e.message)).toContain(
      'post to Acme Exchange: outcome unknown — the answer could not be read (malformed: the answer is not JSON)',
    )
  })

  it('a post URL nobody listens on is a plain failure (it never left): the plan goes on at once', async () => {
    const { app, acme } = await world('accept')
    const gone = await localServer(() => ({}))
    await gone.close()
    await testSql(app).run(`UPDATE partners SET post_url = ?`, `${gone.url}/post`)
    app.events.emit('changed', { areas: ['settings'] })
    const r = await app.services.distribution.ingest({ sourceId: null, categorySlug: 'auto', fields: lead() })
    expect(r.status).toBe('Assigned')
    expect(await app.services.wallets.balance(app.services.deps.db, acme)).toBe(8_500)
    expect(await rows(app, `SELECT kind, outcome FROM pingpost_records WHERE lead_id = ? ORDER BY id`, r.id)).toEqual([
      { kind: 'ping', outcome: 'bid' },
      { kind: 'post', outcome: 'error' },
    ])
  })

  it('the round stops at the unknown post: the next best bidder is not posted to', async () => {
    const { app, posts } = await world('hang', { timeoutMs: 200 })
    const second = await localServer((r) =>
      r.path === '/ping' ? { body: { accepted: true, price: 10, id: 'b2' } } : { body: { accepted: true } },
    )
    await testSql(app).run(
      `INSERT INTO partners (name, ping_url, post_url, timeout_ms, created_at) VALUES ('Second', ?, ?, 200, 0)`,
      `${second.url}/ping`,
      `${second.url}/post`,
    )
    app.events.emit('changed', { areas: ['settings'] })
    const r = await app.services.distribution.ingest({ sourceId: null, categorySlug: 'auto', fields: lead() })
    expect(r.status).toBe('Outcome Unknown')
    expect(posts()).toHaveLength(1)
    expect(second.received.map((x) => x.path)).toEqual(['/ping'])
  })

  it('a process killed after the post went out: the restart posts nothing and shows Outcome Unknown', async () => {
    const { app, posts } = await world('hang', { timeoutMs: 20_000 })
    const path = app.workspace
    await app.close()
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'test/support/distribute-child.ts'), path, JSON.stringify(lead())],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()))
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    )
    try {
      await vi.waitFor(() => expect(posts(), output).toHaveLength(1), { timeout: 20_000, interval: 20 })
      child.kill('SIGKILL')
      expect(await exited).toBe('SIGKILL')
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }

    // The dead process left the post as evidence: stored 'sending' before it went out.
    const restarted = await testApp({ path })
    const row = await onlyLead(restarted)
    expect(row).toMatchObject({ status: 'Outcome Unknown', resume_from: null })
    expect(posts()).toHaveLength(1)
    expect(
      await rows(
        restarted,
        `SELECT kind, outcome, price_cents, response FROM pingpost_records WHERE lead_id = ? ORDER BY id`,
        row.id,
      ),
    ).toEqual([
      { kind: 'ping', outcome: 'bid', price_cents: 1250, response: expect.stringContaining('bid-1') },
      {
        kind: 'post',
        outcome: 'unknown',
        price_cents: 1250,
        response: 'outcome unknown — the app stopped before its answer was stored',
      },
    ])
    const messages = (await restarted.services.leads.get(row.id)).events.map((e) => e.message)
    expect(messages).toContain('post to Acme Exchange: outcome unknown — the app stopped before its answer was stored')
    await restarted.close()

    // Another start still posts nothing, and the operator's "not sold" then carries the plan on.
    const again = await testApp({ path })
    expect((await onlyLead(again)).status).toBe('Outcome Unknown')
    expect(posts()).toHaveLength(1)
    const token = await adminToken(again)
    const decided = await again.call('leads/settlePost', { id: row.id, decision: 'not_sold' }, token)
    expect(decided).toEqual({ ok: true, data: { status: 'Assigned' } })
    expect(posts()).toHaveLength(1)
  })
})

describe('an answer stored without its outcome', () => {
  it('an accepted post whose sale was never written makes the lead Posted on the next run, without posting again', async () => {
    const { app, posts } = await world('accept')
    // The sale cannot be written (as if the process died after storing the answer): Distribution Error.
    const lift = await refuseInserts(app, {
      name: 'no_sale',
      table: 'partner_ledger',
      when: '1 = 1',
      message: 'disk full',
    })
    const r = await app.services.distribution.ingest({ sourceId: null, categorySlug: 'auto', fields: lead() })
    expect(r.status).toBe('Distribution Error')
    expect(await q(app, `SELECT outcome FROM pingpost_records WHERE lead_id = ? AND kind = 'post'`, r.id)).toEqual({
      outcome: 'accepted',
    })
    await lift()

    const result = await app.services.distribution.reprocess([r.id], null, await operator(app))
    expect(result.outcomes).toEqual({ Posted: 1 })
    expect(posts()).toHaveLength(1)
    expect(await q(app, 'SELECT status, charged_cents FROM leads WHERE id = ?', r.id)).toEqual({
      status: 'Posted',
      charged_cents: 1250,
    })
    expect((await app.services.leads.get(r.id)).events.at(-1)?.message).toBe(
      'Posted to Acme Exchange at 12.50: its acceptance was stored before the app stopped',
    )
  })
})

describe('the operator decides', () => {
  async function unknownLead() {
    const w = await world('hang', { timeoutMs: 200 })
    const r = await w.app.services.distribution.ingest({ sourceId: null, categorySlug: 'auto', fields: lead() })
    expect(r.status).toBe('Outcome Unknown')
    const admin = await adminToken(w.app)
    return { ...w, id: r.id, admin }
  }

  it('sold: Posted to that partner at its bid, partner revenue booked, in the trace and the activity log', async () => {
    const { app, id, admin, acme, posts } = await unknownLead()
    expect(await app.call('leads/settlePost', { id, decision: 'sold' }, admin)).toEqual({
      ok: true,
      data: { status: 'Posted' },
    })
    const detail = await app.services.leads.get(id)
    expect(detail).toMatchObject({ status: 'Posted', partnerName: 'Acme Exchange', chargedCents: 1250 })
    expect(detail.events.at(-1)?.message).toBe('Marked sold to Acme Exchange at 12.50 by Ada Admin')
    expect(await rows(app, `SELECT kind, amount_cents FROM partner_ledger WHERE lead_id = ?`, id)).toEqual([
      { kind: 'sale', amount_cents: 1250 },
    ])
    expect(await rows(app, `SELECT action, summary, user_name FROM audit_log WHERE action LIKE 'lead.post.%'`)).toEqual(
      [{ action: 'lead.post.sold', summary: 'Post to Acme Exchange: sold at 12.50', user_name: 'Ada Admin' }],
    )
    // Nothing else happened to the lead: no customer charged, no second post.
    expect(await app.services.wallets.balance(app.services.deps.db, acme)).toBe(10_000)
    expect(posts()).toHaveLength(1)

    // Decided once: a second decision is refused and changes nothing.
    const again = await app.call('leads/settlePost', { id, decision: 'not_sold' }, admin)
    expect(again.ok ? null : again.error.code).toBe('INVALID_STATE')
    expect(await q(app, 'SELECT status FROM leads WHERE id = ?', id)).toEqual({ status: 'Posted' })
  })

  it('sold at a price the operator enters', async () => {
    const { app, id, admin } = await unknownLead()
    await app.call('leads/settlePost', { id, decision: 'sold', priceCents: 900 }, admin)
    expect(await q(app, 'SELECT status, charged_cents FROM leads WHERE id = ?', id)).toEqual({
      status: 'Posted',
      charged_cents: 900,
    })
    expect(await q(app, `SELECT amount_cents FROM partner_ledger WHERE lead_id = ?`, id)).toEqual({ amount_cents: 900 })
  })

  it('not sold: the rest of the plan runs (the bid takes it), the partner is not posted again', async () => {
    const { app, id, admin, acme, posts } = await unknownLead()
    expect(await app.call('leads/settlePost', { id, decision: 'not_sold' }, admin)).toEqual({
      ok: true,
      data: { status: 'Assigned' },
    })
    expect(await app.services.wallets.balance(app.services.deps.db, acme)).toBe(8_500)
    expect(posts()).toHaveLength(1)
    const detail = await app.services.leads.get(id)
    expect(detail).toMatchObject({ status: 'Assigned', partnerId: null, customerName: 'Acme' })
    expect(detail.events.map((e) => e.message)).toContain(
      'Post to Acme Exchange marked not sold by Ada Admin; continuing with bidding',
    )
    expect(await rows(app, `SELECT action FROM audit_log WHERE action LIKE 'lead.post.%'`)).toEqual([
      { action: 'lead.post.not_sold' },
    ])
    expect(await rows(app, `SELECT * FROM partner_ledger WHERE lead_id = ?`, id)).toEqual([])
    // The decision stays on the post's record, so a later run of the lead does not take it as open.
    expect(await q(app, `SELECT outcome FROM pingpost_records WHERE lead_id = ? AND kind = 'post'`, id)).toEqual({
      outcome: 'confirmed_not_sold',
    })
  })

  it('needs the permission, and only a lead still waiting for a decision can be decided', async () => {
    const { app, id } = await unknownLead()
    const { tokenFor } = await import('../../support/workspace')
    const viewer = await tokenFor(app, 'Viewer')
    const refused = await app.call('leads/settlePost', { id, decision: 'sold' }, viewer)
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN')
    const operatorToken = await tokenFor(app, 'Operator')
    // Someone else settled it meanwhile (another process): the guarded update refuses the decision.
    await testSql(app).run(`UPDATE leads SET status = 'Unassigned' WHERE id = ?`, id)
    const stale = await app.call('leads/settlePost', { id, decision: 'sold' }, operatorToken)
    expect(stale.ok ? null : stale.error.code).toBe('INVALID_STATE')
    expect(await q(app, 'SELECT status FROM leads WHERE id = ?', id)).toEqual({ status: 'Unassigned' })
    expect(await rows(app, `SELECT * FROM partner_ledger`)).toEqual([])
  })
})
