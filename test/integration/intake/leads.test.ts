import { describe, expect, it } from 'vitest'
import { adminToken } from '../../support/workspace'
import { lead } from '../engine/seed'
import { intakeHarness } from './harness'

describe('POST /api/v1/leads', () => {
  it('stores and distributes the lead before answering 201 with its uuid, status and price', async () => {
    const h = await intakeHarness()
    const res = await h.post('/api/v1/leads', { category: 'auto', ...lead() })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ uuid: expect.any(String), status: 'Assigned', price: 15 })
    const { db } = h.app.services.deps
    const row = await db
      .selectFrom('leads')
      .select(['status', 'source_id', 'charged_cents'])
      .where('uuid', '=', String(res.body.uuid))
      .executeTakeFirst()
    expect(row).toEqual({ status: 'Assigned', source_id: h.sourceId, charged_cents: 1500 })
    expect(await h.balance()).toBe(8_500)
  })

  it("uses the source's default category when the body names none", async () => {
    const h = await intakeHarness()
    const res = await h.post('/api/v1/leads', lead())
    expect(res).toMatchObject({ status: 201, body: { status: 'Assigned' } })
  })

  it('answers 422 with a message per field and stores nothing', async () => {
    const h = await intakeHarness()
    const res = await h.post('/api/v1/leads', { ...lead(), first_name: '', email: 'not-an-email' })
    expect(res.status).toBe(422)
    expect(res.body).toMatchObject({
      error: 'validation',
      fields: { first_name: expect.any(String), email: expect.any(String) },
    })
    expect(await h.leadCount()).toBe(0)
    expect(await h.balance()).toBe(10_000)
  })

  it('answers 422 for an unknown category and for a category that is not a slug', async () => {
    const h = await intakeHarness()
    const unknown = await h.post('/api/v1/leads', { ...lead(), category: 'boats' })
    expect(unknown.status).toBe(422)
    expect(unknown.body).toMatchObject({ error: 'validation', fields: { category: expect.any(String) } })
    const wrongType = await h.post('/api/v1/leads', { ...lead(), category: 7 })
    expect(wrongType.body).toMatchObject({ error: 'validation', fields: { category: expect.any(String) } })
    expect(await h.leadCount()).toBe(0)
  })

  it.each([
    ['no key', null],
    ['a wrong key', 'll_wrong'],
  ])('answers 401 for %s and stores nothing', async (_name, key) => {
    const h = await intakeHarness()
    const res = await h.post('/api/v1/leads', lead(), { key })
    expect(res).toMatchObject({ status: 401, body: { error: 'unauthorized' } })
    expect(await h.leadCount()).toBe(0)
  })

  it('answers 401 for an inactive source', async () => {
    const h = await intakeHarness()
    const { db } = h.app.services.deps
    await db.updateTable('sources').set({ active: 0 }).where('id', '=', h.sourceId).execute()
    const res = await h.post('/api/v1/leads', lead())
    expect(res).toMatchObject({ status: 401, body: { error: 'unauthorized', message: 'This source is inactive' } })
    expect(await h.leadCount()).toBe(0)
  })

  it('stops taking a source the moment an operator deactivates it or rotates its key', async () => {
    const h = await intakeHarness()
    expect((await h.post('/api/v1/leads', lead())).status).toBe(201)
    const admin = await adminToken(h.app)
    const off = await h.app.call('sources/update', { id: h.sourceId, active: false }, admin)
    expect(off.ok).toBe(true)
    expect((await h.post('/api/v1/leads', lead())).status).toBe(401)
    await h.app.call('sources/update', { id: h.sourceId, active: true }, admin)
    const rotated = await h.app.call('sources/rotateKey', { id: h.sourceId }, admin)
    const newKey = rotated.ok ? (rotated.data as { apiKey: string }).apiKey : ''
    expect((await h.post('/api/v1/leads', lead())).status).toBe(401)
    expect((await h.post('/api/v1/leads', lead(), { key: newKey })).status).toBe(201)
  })

  it('answers 400 for malformed JSON and for a body that is not an object', async () => {
    const h = await intakeHarness()
    const broken = await h.post('/api/v1/leads', null, { raw: '{"first_name": "Ann",' })
    expect(broken).toMatchObject({ status: 400, body: { error: 'malformed_json' } })
    const list = await h.post('/api/v1/leads', [lead()])
    expect(list).toMatchObject({ status: 400, body: { error: 'malformed_json' } })
    expect(await h.leadCount()).toBe(0)
  })

  it('answers 413 for a body over 256 KB', async () => {
    const h = await intakeHarness()
    const res = await h.post('/api/v1/leads', { ...lead(), notes: 'x'.repeat(256 * 1024) })
    expect(res).toMatchObject({ status: 413, body: { error: 'payload_too_large' } })
    expect(await h.leadCount()).toBe(0)
  })

  it('answers 415 for a body that is neither JSON nor a form', async () => {
    const h = await intakeHarness()
    const res = await h.post('/api/v1/leads', null, { contentType: 'text/plain', raw: 'first_name=Ann' })
    expect(res).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } })
    const xml = await h.post('/api/v1/leads', null, { contentType: 'application/xml', raw: '<lead/>' })
    expect(xml.status).toBe(415)
    expect(await h.leadCount()).toBe(0)
  })

  it('answers 404 for an unknown endpoint and 405 for a GET', async () => {
    const h = await intakeHarness()
    expect((await h.post('/api/v1/nothing', lead())).status).toBe(404)
    const get = await fetch(`${h.url}/api/v1/leads`)
    expect(get.status).toBe(405)
  })

  it('returns the first answer for a retried request with the same Idempotency-Key', async () => {
    const h = await intakeHarness()
    const body = lead()
    const first = await h.post('/api/v1/leads', body, { headers: { 'idempotency-key': 'order-42' } })
    const retry = await h.post('/api/v1/leads', body, { headers: { 'idempotency-key': 'order-42' } })
    expect(first.status).toBe(201)
    expect(retry.status).toBe(201)
    expect(retry.body).toEqual(first.body)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(await h.leadCount()).toBe(1)
    expect(await h.balance()).toBe(8_500)
  })

  it('stores one lead when the same keyed request arrives twice at the same time', async () => {
    const h = await intakeHarness()
    const body = lead()
    const options = { headers: { 'idempotency-key': 'burst-1' } }
    const [a, b] = await Promise.all([h.post('/api/v1/leads', body, options), h.post('/api/v1/leads', body, options)])
    expect([a.status, b.status]).toEqual([201, 201])
    expect(a.body.uuid).toEqual(b.body.uuid)
    expect(await h.leadCount()).toBe(1)
    expect(await h.balance()).toBe(8_500)
  })

  it('treats external_id as the idempotency key', async () => {
    const h = await intakeHarness()
    const body = { ...lead(), external_id: 'crm-1001' }
    const first = await h.post('/api/v1/leads', body)
    const retry = await h.post('/api/v1/leads', body)
    expect(retry.body).toEqual(first.body)
    expect(await h.leadCount()).toBe(1)
    const other = await h.post('/api/v1/leads', { ...lead(), external_id: 'crm-1002' })
    expect(other.body.uuid).not.toEqual(first.body.uuid)
    expect(await h.leadCount()).toBe(2)
  })
})
