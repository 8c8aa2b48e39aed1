import { describe, expect, it } from 'vitest'
import { hashApiKey } from '../../../src/main/services/api-keys'
import { adminToken } from '../../support/workspace'
import { lead, Seed } from '../engine/seed'
import { intakeHarness } from './harness'

/** What a ping carries: no contact details. */
const partial = { category: 'auto', state: 'CA', zip: '94103', vehicles: 2 }

describe('inbound ping then post', () => {
  it('answers a ping with the winning price and a ping id, assigning nothing', async () => {
    const h = await intakeHarness()
    const res = await h.post('/api/v1/ping', partial)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      ping_id: expect.any(String),
      bid: 15,
      expires_at: new Date(h.app.clock.now() + 5 * 60_000).toISOString(),
    })
    expect(await h.leadCount()).toBe(0)
    expect(await h.balance()).toBe(10_000)
    const { db } = h.app.services.deps
    const record = await db
      .selectFrom('pingpost_records')
      .selectAll()
      .where('public_id', '=', String(res.body.ping_id))
      .executeTakeFirst()
    expect(record).toMatchObject({
      direction: 'inbound',
      kind: 'ping',
      source_id: h.sourceId,
      bid_id: h.bidId,
      price_cents: 1500,
      outcome: 'bid',
      lead_id: null,
    })
  })

  it('assigns the posted lead to the pinged bid at the pinged price and links the lead to both records', async () => {
    const h = await intakeHarness()
    const ping = await h.post('/api/v1/ping', partial)
    // The customer raises its price after the ping: the source is paid what it was quoted.
    const { db } = h.app.services.deps
    await db.updateTable('bids').set({ price_cents: 2000 }).where('id', '=', h.bidId).execute()
    new Seed(h.app).done()

    const post = await h.post('/api/v1/post', { ...lead(), ping_id: ping.body.ping_id })
    expect(post.status).toBe(201)
    expect(post.body).toMatchObject({ status: 'Assigned', price: 15, ping_id: ping.body.ping_id })
    expect(await h.balance()).toBe(8_500)

    const leadRow = await db
      .selectFrom('leads')
      .select(['id', 'ping_record_id', 'post_record_id', 'bid_id'])
      .where('uuid', '=', String(post.body.uuid))
      .executeTakeFirst()
    const records = await db.selectFrom('pingpost_records').selectAll().orderBy('id').execute()
    expect(records.map((r) => [r.kind, r.direction, r.lead_id])).toEqual([
      ['ping', 'inbound', leadRow?.id],
      ['post', 'inbound', leadRow?.id],
    ])
    expect(leadRow).toMatchObject({ ping_record_id: records[0]?.id, post_record_id: records[1]?.id, bid_id: h.bidId })
    const detail = await h.app.call('leads/get', { id: leadRow?.id }, await adminToken(h.app))
    expect(detail.ok && detail.data).toMatchObject({ pingRecordId: records[0]?.id, postRecordId: records[1]?.id })
  })

  it('refuses a second post of the same ping, and an unknown ping id, storing nothing', async () => {
    const h = await intakeHarness()
    const ping = await h.post('/api/v1/ping', partial)
    expect((await h.post('/api/v1/post', { ...lead(), ping_id: ping.body.ping_id })).status).toBe(201)
    const again = await h.post('/api/v1/post', { ...lead(), ping_id: ping.body.ping_id })
    expect(again).toMatchObject({ status: 409, body: { error: 'conflict' } })
    const unknown = await h.post('/api/v1/post', { ...lead(), ping_id: 'no-such-ping' })
    expect(unknown).toMatchObject({
      status: 422,
      body: { error: 'validation', fields: { ping_id: 'Unknown ping id' } },
    })
    const missing = await h.post('/api/v1/post', lead())
    expect(missing).toMatchObject({ status: 422, body: { fields: { ping_id: expect.any(String) } } })
    expect(await h.leadCount()).toBe(1)
  })

  it('replays a retried post with the same Idempotency-Key instead of refusing it', async () => {
    const h = await intakeHarness()
    const ping = await h.post('/api/v1/ping', partial)
    const body = { ...lead(), ping_id: ping.body.ping_id }
    const first = await h.post('/api/v1/post', body, { headers: { 'idempotency-key': 'p-1' } })
    const retry = await h.post('/api/v1/post', body, { headers: { 'idempotency-key': 'p-1' } })
    expect(retry.status).toBe(201)
    expect(retry.body).toEqual(first.body)
    expect(await h.leadCount()).toBe(1)
    expect(await h.balance()).toBe(8_500)
  })

  it('sends a post whose ping expired through the normal pipeline', async () => {
    const h = await intakeHarness()
    const ping = await h.post('/api/v1/ping', partial)
    const { db } = h.app.services.deps
    await db.updateTable('bids').set({ price_cents: 2000 }).where('id', '=', h.bidId).execute()
    new Seed(h.app).done()
    h.app.clock.advance(5 * 60_000 + 1)
    const post = await h.post('/api/v1/post', { ...lead(), ping_id: ping.body.ping_id })
    expect(post.body).toMatchObject({ status: 'Assigned', price: 20 })
  })

  it('answers 422 to a ping for an unknown category and stores no record', async () => {
    const h = await intakeHarness()
    const res = await h.post('/api/v1/ping', { ...partial, category: 'boats' })
    expect(res).toMatchObject({ status: 422, body: { error: 'validation', fields: { category: expect.any(String) } } })
    const { db } = h.app.services.deps
    expect(await db.selectFrom('pingpost_records').select('id').execute()).toEqual([])
  })

  it("refuses to post another source's ping", async () => {
    const h = await intakeHarness()
    const ping = await h.post('/api/v1/ping', partial)
    const { db } = h.app.services.deps
    await db
      .insertInto('sources')
      .values({
        name: 'Other publisher',
        api_key_hash: hashApiKey('ll_other_key'),
        api_key_hint: 'll_othe',
        created_at: 0,
      })
      .execute()
    const res = await h.post('/api/v1/post', { ...lead(), ping_id: ping.body.ping_id }, { key: 'll_other_key' })
    expect(res).toMatchObject({ status: 422, body: { fields: { ping_id: 'Unknown ping id' } } })
    expect(await h.leadCount()).toBe(0)
  })

  it('answers a ping with no eligible bid with bid null, and refuses a ping from another source', async () => {
    const h = await intakeHarness()
    const { db } = h.app.services.deps
    await db.updateTable('bids').set({ active: 0 }).where('id', '=', h.bidId).execute()
    new Seed(h.app).done()
    const res = await h.post('/api/v1/ping', partial)
    expect(res).toMatchObject({ status: 200, body: { bid: null } })
    expect((await h.post('/api/v1/ping', partial, { key: 'wrong' })).status).toBe(401)
  })
})
