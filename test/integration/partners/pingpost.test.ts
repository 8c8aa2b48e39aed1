import { describe, expect, it } from 'vitest'
import { requestFromMapping } from '../../../src/shared/domain/template'
import { PingpostRepository } from '../../../src/main/db/repositories/pingpost'
import { directPost, runPingPost } from '../../../src/main/services/partners/pingpost'
import { type PartnerConfig } from '../../../src/main/services/partners/types'
import { type Answer, localServer, type Received } from '../../support/local-server'
import { testApp } from '../../support/workspace'

const lead = {
  uuid: 'lead-1',
  fields: {
    first_name: 'Ann',
    last_name: 'Lee',
    email: 'ann@example.com',
    phone: '+15551234567',
    address: '1 Main St',
    state: 'CA',
    zip: '94105',
    vehicles: 2,
  },
}

let nextId = 1
/** A partner whose ping and post endpoints answer as told. */
async function partner(
  ping: (r: Received) => Answer,
  post: (r: Received) => Answer,
  overrides: Partial<PartnerConfig> = {},
): Promise<{ config: PartnerConfig; pings: Received[]; posts: Received[] }> {
  const server = await localServer((r) => (r.path === '/ping' ? ping(r) : post(r)))
  const id = nextId++
  return {
    config: {
      id,
      name: `Partner ${id}`,
      pingUrl: `${server.url}/ping`,
      postUrl: `${server.url}/post`,
      method: 'POST',
      headers: { 'x-partner-token': 'secret' },
      // A partner saved as a field list and renames, read as its equivalent template.
      request: requestFromMapping({
        pingFields: ['state', 'zip', 'vehicles', 'email', 'phone'],
        rename: { zip: 'postal_code' },
      }),
      response: {
        format: 'json',
        acceptedPath: 'accepted',
        pricePath: 'price',
        referencePath: 'id',
        priceUnit: 'dollars',
      },
      // Generous, so a loaded machine never turns a quick answer into a timeout; the timeout test sets its own.
      timeoutMs: 2000,
      minPriceCents: 500,
      active: true,
      ...overrides,
    },
    get pings() {
      return server.received.filter((r) => r.path === '/ping')
    },
    get posts() {
      return server.received.filter((r) => r.path === '/post')
    },
  }
}

const bid =
  (price: number, id = 'p') =>
  (): Answer => ({ body: { accepted: true, price, id } })
const accept =
  (id = 'ref') =>
  (): Answer => ({ body: { accepted: true, id } })
const decline = (reason: string) => (): Answer => ({ body: { accepted: false, reason } })

describe('outbound ping/post', () => {
  it('pings only the mapped non-PII fields under the partner names, posts the full lead to the best bid', async () => {
    const low = await partner(bid(7), accept('low-ref'))
    const high = await partner(bid(9.5, 'ping-9'), accept('high-ref'))
    const result = await runPingPost({ lead, partners: [low.config, high.config] })

    expect(high.pings[0]?.json).toEqual({ state: 'CA', postal_code: '94105', vehicles: 2 })
    expect(high.pings[0]?.headers['x-partner-token']).toBe('secret')
    expect(low.posts).toHaveLength(0)
    expect(high.posts[0]?.json).toMatchObject({
      lead_id: 'lead-1',
      first_name: 'Ann',
      email: 'ann@example.com',
      postal_code: '94105',
      ping_id: 'ping-9',
    })
    expect(result.posted).toEqual({
      partnerId: high.config.id,
      priceCents: 950,
      reference: 'high-ref',
      postRecordIndex: 2,
    })
    expect(result.exchanges.map((x) => [x.partnerId, x.kind, x.outcome])).toEqual([
      [low.config.id, 'ping', 'bid'],
      [high.config.id, 'ping', 'bid'],
      [high.config.id, 'post', 'accepted'],
    ])
  })

  it('gives up on a slow partner at its timeout and says so, while the others still count', async () => {
    const slow = await partner(() => ({ body: { accepted: true, price: 50 }, delayMs: 400 }), accept(), {
      timeoutMs: 100,
    })
    const fast = await partner(bid(6), accept('fast'))
    const started = performance.now()
    const result = await runPingPost({ lead, partners: [slow.config, fast.config] })
    expect(performance.now() - started).toBeLessThan(400)
    const slowPing = result.exchanges.find((x) => x.partnerId === slow.config.id)
    expect(slowPing).toMatchObject({ outcome: 'timeout', error: 'timeout after 100 ms', statusCode: null })
    expect(result.trace.map((t) => t.message)).toContain(`${slow.config.name}: timeout after 100 ms`)
    expect(result.posted?.partnerId).toBe(fast.config.id)
  })

  it('refuses a bid below the minimum, a failing partner and a malformed answer, each with its reason', async () => {
    const cheap = await partner(bid(3), accept())
    const failing = await partner(() => ({ status: 500, text: 'oops' }), accept())
    const garbled = await partner(() => ({ text: '<html>not json</html>' }), accept())
    const noPrice = await partner(() => ({ body: { accepted: true } }), accept())
    const result = await runPingPost({
      lead,
      partners: [cheap.config, failing.config, garbled.config, noPrice.config],
    })
    expect(result.posted).toBeNull()
    expect(result.exchanges.map((x) => [x.outcome, x.error])).toEqual([
      ['below_min', 'bid 3.00 below minimum 5.00'],
      ['error', 'HTTP 500'],
      ['malformed', 'malformed: the answer is not JSON'],
      ['malformed', 'malformed: a bid without a price'],
    ])
    expect(result.trace.at(-1)?.message).toBe('No partner bid')
  })

  it('posts to the next best bid when the best declines or errors', async () => {
    const best = await partner(bid(20), decline('duplicate lead'))
    const second = await partner(bid(15), () => ({ status: 503, text: 'down' }))
    const third = await partner(bid(10), accept('third'))
    const result = await runPingPost({ lead, partners: [third.config, second.config, best.config] })
    expect(result.exchanges.filter((x) => x.kind === 'post').map((x) => [x.partnerId, x.outcome, x.error])).toEqual([
      [best.config.id, 'declined', 'declined: duplicate lead'],
      [second.config.id, 'error', 'HTTP 503'],
      [third.config.id, 'accepted', null],
    ])
    expect(result.posted).toMatchObject({ partnerId: third.config.id, priceCents: 1000, reference: 'third' })
    expect(result.trace.map((t) => t.message)).toContain(`${best.config.name}: post declined: duplicate lead`)
  })

  it('reads non-JSON answers with the configured regular expressions and prices in cents', async () => {
    const regex = await partner(
      () => ({ text: 'RESULT=OK;PRICE=1234;REF=abc' }),
      () => ({ text: 'RESULT=OK;REF=post-77' }),
      {
        response: {
          format: 'regex',
          acceptedPattern: 'RESULT=OK',
          pricePattern: 'PRICE=(\\d+)',
          referencePattern: 'REF=([\\w-]+)',
          priceUnit: 'cents',
        },
      },
    )
    const result = await runPingPost({ lead, partners: [regex.config] })
    expect(result.posted).toMatchObject({ priceCents: 1234, reference: 'post-77' })
  })

  it('never pings an inactive partner or one without a ping URL', async () => {
    const off = await partner(bid(30), accept(), { active: false })
    const noPing = await partner(bid(30), accept(), { pingUrl: null })
    const result = await runPingPost({ lead, partners: [off.config, noPing.config] })
    expect(off.pings).toHaveLength(0)
    expect(noPing.pings).toHaveLength(0)
    expect(result.posted).toBeNull()
    expect(result.trace.map((t) => t.message)).toEqual([
      `${off.config.name}: inactive, not pinged`,
      `${noPing.config.name}: no ping URL, not pinged`,
      'No partner to ping',
    ])
  })

  it('direct-posts without a ping and stores every exchange with payload, response, status, latency and outcome', async () => {
    const target = await partner(bid(1), () => ({ body: { accepted: true, id: 'dp-1', price: 4.25 } }))
    const post = await directPost({ lead, partner: target.config })
    expect(target.pings).toHaveLength(0)
    expect(post.posted).toBe(true)
    expect(post.exchange).toMatchObject({ outcome: 'accepted', priceCents: 425, reference: 'dp-1', statusCode: 200 })

    const app = await testApp()
    const repo = new PingpostRepository(app.services.deps.ids)
    await app.services.deps.db
      .insertInto('partners')
      .values({ id: target.config.id, name: 'P', post_url: target.config.postUrl, created_at: 0 })
      .execute()
    const recordId = await repo.insertExchange(app.services.deps.db, null, post.exchange, 1_000)
    const row = await repo.byId(app.services.deps.db, recordId)
    expect(row).toMatchObject({
      direction: 'outbound',
      kind: 'post',
      outcome: 'accepted',
      status_code: 200,
      price_cents: 425,
      reference: 'dp-1',
      created_at: 1_000,
    })
    expect(JSON.parse(row?.payload ?? '{}')).toMatchObject({ lead_id: 'lead-1', first_name: 'Ann' })
    expect(row?.response).toContain('dp-1')
    expect(row?.latency_ms).toBeGreaterThanOrEqual(0)
  })
})
