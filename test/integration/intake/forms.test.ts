import { describe, expect, it } from 'vitest'
import { adminToken } from '../../support/workspace'
import { intakeHarness, type IntakeHarness } from './harness'

const FORM = 'application/x-www-form-urlencoded'

function stored(h: IntakeHarness) {
  return h.app.services.deps.db
    .selectFrom('leads')
    .select([
      'status',
      'first_name',
      'last_name',
      'email',
      'phone',
      'state',
      'zip',
      'details',
      'charged_cents',
      'source_id',
      'client_ip',
    ])
    .orderBy('id')
    .execute()
}

describe('form-encoded leads', () => {
  it('stores a form-encoded lead exactly as its JSON twin, nested objects as dotted names', async () => {
    const form = await intakeHarness()
    const json = await intakeHarness()
    const body =
      'first_name=Ann&last_name=Lee&email=Ann%40Example.com&phone=%2B1+415+555+0101&state=CA&zip=94103' +
      '&vehicles=2&mortgage.property.state=TX&mortgage.property.value=250000&comments=a+b%26c'
    const twin = {
      first_name: 'Ann',
      last_name: 'Lee',
      email: 'Ann@Example.com',
      phone: '+1 415 555 0101',
      state: 'CA',
      zip: '94103',
      vehicles: '2',
      mortgage: { property: { state: 'TX', value: '250000' } },
      comments: 'a b&c',
    }
    const a = await form.post('/api/v1/leads', null, { contentType: FORM, raw: body })
    const b = await json.post('/api/v1/leads', twin)
    expect(a.status).toBe(201)
    expect(a.headers.get('content-type')).toMatch(/^application\/json/)
    expect({ ...a.body, uuid: 'x' }).toEqual({ ...b.body, uuid: 'x' })
    expect(await stored(form)).toEqual(await stored(json))
    expect(JSON.parse(((await stored(form))[0] as { details: string }).details)).toMatchObject({
      'mortgage.property.state': 'TX',
      'mortgage.property.value': '250000',
    })
  })

  it('takes forms on /ping and /post as on /leads', async () => {
    const h = await intakeHarness()
    const ping = await h.post('/api/v1/ping', null, { contentType: FORM, raw: 'state=CA&zip=94103' })
    expect(ping).toMatchObject({ status: 200, body: { bid: 15 } })
    const post = await h.post('/api/v1/post', null, {
      contentType: FORM,
      raw: `ping_id=${String(ping.body.ping_id)}&first_name=Ann&email=ann%40example.com&phone=4155550102&state=CA&zip=94103`,
    })
    expect(post).toMatchObject({ status: 201, body: { status: 'Assigned', price: 15 } })
    expect(await h.leadCount()).toBe(1)
  })

  it('maps a source’s field aliases, in forms and in JSON', async () => {
    const h = await intakeHarness()
    const token = await adminToken(h.app)
    const saved = await h.app.call(
      'sources/update',
      { id: h.sourceId, fieldAliases: { phone_1: 'phone', First_Name: 'first_name', postal_code: 'zip' } },
      token,
    )
    expect(saved).toMatchObject({ ok: true, data: { fieldAliases: { phone_1: 'phone' } } })
    const form = await h.post('/api/v1/leads', null, {
      contentType: FORM,
      raw: 'First_Name=Ann&email=ann%40example.com&phone_1=4155550103&postal_code=94103&state=CA',
    })
    expect(form.status).toBe(201)
    const json = await h.post('/api/v1/leads', {
      First_Name: 'Bob',
      email: 'bob@example.com',
      phone_1: '4155550104',
      postal_code: '94107',
    })
    expect(json.status).toBe(201)
    const rows = await h.app.services.deps.db
      .selectFrom('leads')
      .select(['first_name', 'phone', 'zip', 'details'])
      .orderBy('id')
      .execute()
    expect(rows.map((r) => [r.first_name, r.phone, r.zip])).toEqual([
      ['Ann', '+14155550103', '94103'],
      ['Bob', '+14155550104', '94107'],
    ])
    for (const r of rows) expect(Object.keys(JSON.parse(r.details))).not.toContain('phone_1')
    // A required field under its alias is still required: the alias names it, nothing else.
    const missing = await h.post('/api/v1/leads', { First_Name: 'Cy', email: 'cy@example.com' })
    expect(missing).toMatchObject({ status: 422, body: { fields: { phone: expect.any(String) } } })
  })
})
