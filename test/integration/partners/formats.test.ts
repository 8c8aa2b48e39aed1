import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import type { CategoryDetail } from '../../../src/shared/api/settings/categories'
import type { PartnerDef, PartnerInput } from '../../../src/shared/api/settings/partners'
import type { PlanDef } from '../../../src/shared/api/settings/plans'
import type { TemplateEntry } from '../../../src/shared/domain/template'
import { type Answer, localServer, type Received } from '../../support/local-server'
import { testSql } from '../../support/sql'
import { adminToken, type TestApp, testApp } from '../../support/workspace'
import { fails, ok } from '../settings/helpers'

/** Rows in a table, on either database. */
async function count(app: TestApp, table: string): Promise<number> {
  return Number((await testSql(app).get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))?.n)
}

const field = (key: string, value: string, more: Partial<TemplateEntry> = {}): TemplateEntry => ({
  key,
  source: 'field',
  value,
  transform: null,
  fallback: null,
  ...more,
})
const fixed = (key: string, value: string): TemplateEntry => ({ ...field(key, value), source: 'fixed' })
const leadValue = (key: string, value: string): TemplateEntry => ({ ...field(key, value), source: 'lead' })

const LEAD = {
  first_name: 'Ann',
  last_name: 'Lee',
  email: 'ann@example.com',
  phone: '+1 (512) 555-0100',
  state: 'TX',
  zip: '78701',
  homeowner: true,
  birth_date: '1984-03-07',
  credit: 'excellent',
}

/** A Home category (contact fields plus homeowner, birth date and credit) with a fallback type. */
async function workspace(): Promise<{ app: TestApp; token: string; categoryId: number }> {
  const app = await testApp()
  const token = await adminToken(app)
  const category = await ok<CategoryDetail>(app, 'categories/create', { name: 'Home', slug: 'home' }, token)
  const extra = [
    { key: 'homeowner', label: 'Homeowner', type: 'boolean' },
    { key: 'birth_date', label: 'Birth date', type: 'date' },
    { key: 'credit', label: 'Credit', type: 'choice', validation: { choices: ['excellent', 'good', 'fair'] } },
  ]
  for (const f of extra) await ok(app, 'categories/saveField', { categoryId: category.id, field: f }, token)
  await ok(app, 'leadTypes/create', { categoryId: category.id, name: 'Any', isFallback: true }, token)
  return { app, token, categoryId: category.id }
}

/** Saves the partner through the API, routes the category's leads to it and sends one lead in. */
async function sellOne(partner: PartnerInput) {
  const { app, token, categoryId } = await workspace()
  const saved = await ok<PartnerDef>(app, 'partners/create', partner, token)
  const plan = await ok<PlanDef>(
    app,
    'plans/create',
    { name: 'Partners', stages: [{ kind: 'pingpost', partnerIds: [saved.id] }] },
    token,
  )
  await ok(app, 'categories/update', { id: categoryId, defaultPlanId: plan.id }, token)
  const result = await app.services.distribution.ingest({ sourceId: null, categorySlug: 'home', fields: LEAD })
  const { db } = app.services.deps
  const lead = await db.selectFrom('leads').selectAll().where('id', '=', result.id).executeTakeFirst()
  const records = await db
    .selectFrom('pingpost_records')
    .selectAll()
    .where('lead_id', '=', result.id)
    .orderBy('id')
    .execute()
  return { app, token, status: result.status, lead, records }
}

const refuse = (status: number, reason: string): Answer => ({ status, body: { accepted: false, reason } })

/**
 * A buyer that takes only application/x-www-form-urlencoded, checks its api_key, and wants
 * Yes/No, MM/DD/YYYY and a 10-digit phone; it answers JSON.
 */
function formBuyer(r: Received): Answer {
  if (r.headers['content-type'] !== 'application/x-www-form-urlencoded') return refuse(415, 'form posts only')
  const form = new URLSearchParams(r.body)
  if (form.get('api_key') !== 'k-123') return refuse(401, 'bad api_key')
  if (!['Yes', 'No'].includes(form.get('homeowner') ?? '')) return refuse(400, 'homeowner must be Yes or No')
  if (!/^\d{2}\/\d{2}\/\d{4}$/.test(form.get('dob') ?? '')) return refuse(400, 'dob must be MM/DD/YYYY')
  if (r.path === '/ping') {
    if (form.has('email') || form.has('phone')) return refuse(400, 'no contact data in a ping')
    return { body: { accepted: true, price: 21.5, id: 'f-ping-1' } }
  }
  if (form.get('ping_id') !== 'f-ping-1') return refuse(400, 'unknown ping')
  if (!/^\d{10}$/.test(form.get('phone') ?? '')) return refuse(400, 'phone must be 10 digits')
  return { body: { accepted: true, id: 'f-post-1' } }
}

const formPartner = (url: string): PartnerInput => ({
  name: 'Form buyer',
  pingUrl: `${url}/ping`,
  postUrl: `${url}/post`,
  request: {
    format: 'form',
    ping: {
      allFields: false,
      entries: [
        fixed('api_key', 'k-123'),
        field('homeowner', 'homeowner', { transform: { kind: 'boolean', words: 'Yes/No' } }),
        field('dob', 'birth_date', { transform: { kind: 'date', format: 'MM/DD/YYYY' } }),
        field('state', 'state', { transform: { kind: 'state', to: 'name' } }),
        field('zip', 'zip'),
      ],
    },
    post: {
      allFields: false,
      entries: [
        fixed('api_key', 'k-123'),
        leadValue('ping_id', 'ping_reference'),
        field('homeowner', 'homeowner', { transform: { kind: 'boolean', words: 'Yes/No' } }),
        field('dob', 'birth_date', { transform: { kind: 'date', format: 'MM/DD/YYYY' } }),
        field('first_name', 'first_name'),
        field('email', 'email'),
        field('phone', 'phone', { transform: { kind: 'phone', format: '10_digits' } }),
        field('credit', 'credit', { transform: { kind: 'map', values: { excellent: 'A', good: 'B' } } }),
        // An empty value takes the fallback rather than being left out.
        field('county', 'county', { fallback: 'unknown' }),
      ],
    },
  },
  minPriceCents: 500,
})

describe('partners in the formats their APIs take', () => {
  it('sells to a form-encoded buyer at its price, with its api_key, Yes/No, MM/DD/YYYY and 10-digit phone', async () => {
    const buyer = await localServer(formBuyer)
    const { status, lead, records } = await sellOne(formPartner(buyer.url))

    expect(status).toBe('Posted')
    expect(lead?.charged_cents).toBe(2150)
    const [ping, post] = buyer.received
    expect(Object.fromEntries(new URLSearchParams(ping?.body))).toEqual({
      api_key: 'k-123',
      homeowner: 'Yes',
      dob: '03/07/1984',
      state: 'Texas',
      zip: '78701',
    })
    expect(Object.fromEntries(new URLSearchParams(post?.body))).toMatchObject({
      ping_id: 'f-ping-1',
      phone: '5125550100',
      credit: 'A',
      county: 'unknown',
    })
    // The records keep the exact request each side sent, byte for byte.
    expect(records.map((r) => [r.kind, r.outcome])).toEqual([
      ['ping', 'bid'],
      ['post', 'accepted'],
    ])
    const sentPost = JSON.parse(records[1]?.request ?? 'null') as { method: string; headers: object; body: string }
    expect(sentPost.body).toBe(post?.body)
    expect(sentPost.method).toBe('POST')
    expect(sentPost.headers).toMatchObject({ 'content-type': 'application/x-www-form-urlencoded' })
  })

  it('sells to an XML buyer that answers in XML, reading the price from its answer', async () => {
    const parser = new XMLParser({ parseTagValue: false })
    const buyer = await localServer((r) => {
      if (r.headers['content-type'] !== 'application/xml') return { status: 415, text: '<error>xml only</error>' }
      const doc = parser.parse(r.body) as { request?: Record<string, Record<string, string>> }
      if (doc.request?.auth?.key !== 'x-key') return { status: 401, text: '<error>bad key</error>' }
      if (r.path === '/ping')
        return {
          text: `<?xml version="1.0"?><response><status>accepted</status><bid currency="USD">17.25</bid><ref>x-ping</ref></response>`,
        }
      const ok = doc.request.contact?.phone === '(512) 555-0100' && doc.request.auth.ping === 'x-ping'
      return {
        text: ok
          ? '<response><status>accepted</status><ref>x-post</ref></response>'
          : '<response><status>rejected</status><reason>bad post</reason></response>',
      }
    })
    const { status, lead, records } = await sellOne({
      name: 'XML buyer',
      pingUrl: `${buyer.url}/ping`,
      postUrl: `${buyer.url}/post`,
      request: {
        format: 'xml',
        xmlRoot: 'request',
        ping: { allFields: false, entries: [fixed('auth.key', 'x-key'), field('geo.zip', 'zip')] },
        post: {
          allFields: false,
          entries: [
            fixed('auth.key', 'x-key'),
            leadValue('auth.ping', 'ping_reference'),
            field('contact.name', 'first_name'),
            field('contact.phone', 'phone', { transform: { kind: 'phone', format: 'us_pretty' } }),
          ],
        },
      },
      response: {
        format: 'xml',
        acceptedPath: 'status',
        acceptedValue: 'accepted',
        pricePath: 'bid',
        referencePath: 'ref',
      },
    })

    expect(status).toBe('Posted')
    expect(lead?.charged_cents).toBe(1725)
    expect(buyer.received[0]?.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><request><auth><key>x-key</key></auth><geo><zip>78701</zip></geo></request>',
    )
    expect(records[1]?.reference).toBe('x-post')
  })

  it('sells to a GET buyer with the lead in the query string and a text answer', async () => {
    const buyer = await localServer((r) => {
      if (r.method !== 'GET' || r.body !== '') return { status: 405, text: 'GET only' }
      const q = new URL(r.path, 'http://x').searchParams
      if (q.get('token') !== 'g-1') return { status: 401, text: 'result=error' }
      return r.path.startsWith('/ping')
        ? { text: `result=ok&price=${q.get('st') === 'tx' ? '9.75' : '1'}&ref=g-ping` }
        : { text: `result=${q.get('ping') === 'g-ping' && q.get('own') === 'true' ? 'ok' : 'no'}&ref=g-post` }
    })
    const { status, lead, records } = await sellOne({
      name: 'GET buyer',
      pingUrl: `${buyer.url}/ping?campaign=7`,
      postUrl: `${buyer.url}/post`,
      method: 'GET',
      request: {
        format: 'query',
        ping: {
          allFields: false,
          entries: [fixed('token', 'g-1'), field('st', 'state', { transform: { kind: 'case', to: 'lower' } })],
        },
        post: {
          allFields: false,
          entries: [
            fixed('token', 'g-1'),
            leadValue('ping', 'ping_reference'),
            field('own', 'homeowner', { transform: { kind: 'boolean', words: 'true/false' } }),
          ],
        },
      },
      response: {
        format: 'regex',
        acceptedPattern: 'result=ok',
        pricePattern: 'price=([\\d.]+)',
        referencePattern: 'ref=([\\w-]+)',
      },
    })

    expect(status).toBe('Posted')
    expect(lead?.charged_cents).toBe(975)
    expect(buyer.received[0]?.path).toBe('/ping?campaign=7&token=g-1&st=tx')
    expect(records[0]?.url).toBe(`${buyer.url}/ping?campaign=7&token=g-1&st=tx`)
    expect(JSON.parse(records[1]?.request ?? 'null')).toMatchObject({ method: 'GET', body: null })
  })

  it('reads a partner saved as a field list and renames as the same JSON it always sent', async () => {
    const buyer = await localServer((r) => ({ body: { accepted: true, price: 8, id: r.path } }))
    const { status, records } = await sellOne({
      name: 'Old buyer',
      pingUrl: `${buyer.url}/ping`,
      postUrl: `${buyer.url}/post`,
      mapping: { pingFields: ['zip', 'email', 'credit'], rename: { zip: 'postal_code' } },
    })
    expect(status).toBe('Posted')
    expect(buyer.received[0]?.json).toEqual({ postal_code: '78701', credit: 'excellent' })
    expect(buyer.received[1]?.json).toMatchObject({
      lead_id: expect.any(String),
      postal_code: '78701',
      ping_id: '/ping',
    })
    expect(records).toHaveLength(2)
  })

  it('reads a partner row stored before templates (no request) from its field list and renames', async () => {
    const { app, token } = await workspace()
    const { db } = app.services.deps
    await db
      .insertInto('partners')
      .values({
        name: 'Stored long ago',
        post_url: 'http://old.example/post',
        mapping: JSON.stringify({ pingFields: ['zip', 'phone'], rename: { zip: 'postal' } }),
        created_at: 0,
      })
      .execute()
    const [old] = await ok<PartnerDef[]>(app, 'partners/list', {}, token)
    expect(old?.request.format).toBe('json')
    expect(old?.request.ping.entries.map((e) => [e.key, e.value])).toEqual([['postal', 'zip']])
    expect(old?.request.post).toMatchObject({ allFields: true })
    // Saving it again as it reads stores the template, and it still reads the same.
    await ok(app, 'partners/update', { ...old, id: old?.id }, token)
    expect((await ok<PartnerDef[]>(app, 'partners/list', {}, token))[0]?.request).toEqual(old?.request)
    expect((await db.selectFrom('partners').select('request').executeTakeFirst())?.request).not.toBeNull()
  })

  it('refuses a template that could not be sent as intended, saying where, and stores nothing', async () => {
    const { app, token } = await workspace()
    const base = formPartner('http://buyer.example')
    const withPost = (entries: TemplateEntry[]) => ({
      ...base,
      request: { ...base.request, post: { allFields: false, entries } },
    })

    const unknown = await fails(
      app,
      'partners/create',
      withPost([field('credit', 'credit_scroe')]),
      token,
      'VALIDATION',
    )
    expect(unknown.fields).toEqual({ 'request.post.entries.0.value': 'Unknown lead field "credit_scroe"' })
    expect(unknown.message).toBe('Post template, row 1: Unknown lead field "credit_scroe"')

    const misfit = await fails(
      app,
      'partners/create',
      withPost([field('dob', 'birth_date', { transform: { kind: 'boolean', words: 'Yes/No' } })]),
      token,
      'VALIDATION',
    )
    expect(misfit.fields?.['request.post.entries.0.transform']).toBe('a boolean does not fit "birth_date" (date)')

    const pii = await fails(
      app,
      'partners/create',
      { ...base, request: { ...base.request, ping: { allFields: false, entries: [field('email', 'email')] } } },
      token,
      'VALIDATION',
    )
    expect(pii.fields?.['request.ping.entries.0.value']).toMatch(/never carries contact details/)

    const getWithBody = await fails(app, 'partners/create', { ...base, method: 'GET' }, token, 'VALIDATION')
    expect(getWithBody.fields?.['request.format']).toMatch(/query string/)

    const clash = await fails(
      app,
      'partners/create',
      {
        ...base,
        request: {
          ...base.request,
          format: 'xml',
          post: { allFields: false, entries: [fixed('a', '1'), fixed('a.b', '2'), fixed('bad key', '3')] },
        },
      },
      token,
      'VALIDATION',
    )
    expect(Object.keys(clash.fields ?? {}).sort()).toEqual(['request.post.entries.1.key', 'request.post.entries.2.key'])
    expect(await count(app, 'partners')).toBe(0)
  })

  it('test-sends an unsaved partner and shows the exact request before anything is stored', async () => {
    const buyer = await localServer(formBuyer)
    const { app, token } = await workspace()
    const result = await ok<{
      request: { body: string; headers: Record<string, string> }
      parsed: { priceCents: number }
    }>(
      app,
      'partners/testPing',
      {
        partner: formPartner(buyer.url),
        kind: 'ping',
        sample: { homeowner: 'no', birth_date: '2001-12-31', state: 'CA', email: 'x@example.com' },
      },
      token,
    )
    expect(result.request.body).toBe('api_key=k-123&homeowner=No&dob=12%2F31%2F2001&state=California')
    expect(result.request.body).toBe(buyer.received[0]?.body)
    expect(result.parsed.priceCents).toBe(2150)
    expect(await count(app, 'partners')).toBe(0)
    expect(await count(app, 'pingpost_records')).toBe(0)
  })
})

describe('the decision trace keeps the exact bytes sent', () => {
  interface SentRequest {
    method: string
    url: string
    headers: Record<string, string>
    body: string | null
  }
  interface ExchangeLine {
    kind: 'ping' | 'post'
    outcome: string
    record?: string
    request?: SentRequest
  }

  it('names each ping and post record in the trace and keeps the exact body of the post that sold the lead', async () => {
    // The higher bidder declines the post, so the lead walks down to the form buyer, which buys it.
    const decliner = await localServer((r) =>
      r.path === '/ping'
        ? { body: { accepted: true, price: 30, id: 'd-ping' } }
        : { body: { accepted: false, reason: 'cap reached' } },
    )
    const buyer = await localServer(formBuyer)
    const { app, token, categoryId } = await workspace()
    const partners = [
      { ...formPartner(decliner.url), name: 'Decliner', headers: { 'X-Api-Key': 'dk-9' } },
      { ...formPartner(buyer.url), headers: { Authorization: 'Bearer fb-secret' } },
    ]
    const ids: number[] = []
    for (const p of partners) ids.push((await ok<PartnerDef>(app, 'partners/create', p, token)).id)
    const plan = await ok<PlanDef>(
      app,
      'plans/create',
      { name: 'P', stages: [{ kind: 'pingpost', partnerIds: ids }] },
      token,
    )
    await ok(app, 'categories/update', { id: categoryId, defaultPlanId: plan.id }, token)
    const result = await app.services.distribution.ingest({ sourceId: null, categorySlug: 'home', fields: LEAD })
    expect(result.status).toBe('Posted')

    const records = await app.services.deps.db
      .selectFrom('pingpost_records')
      .selectAll()
      .where('lead_id', '=', result.id)
      .orderBy('id')
      .execute()
    const lines = (await app.services.leads.get(result.id)).events
      .filter((e) => e.stage === 'pingpost' && e.kind === 'partner')
      .map((e) => e.data as ExchangeLine)
    expect(lines.map((l) => [l.kind, l.outcome])).toEqual([
      ['ping', 'bid'],
      ['ping', 'bid'],
      ['post', 'declined'],
      ['post', 'accepted'],
    ])

    // Every line names a stored record; each ping's record holds exactly what that partner received.
    const byPublicId = new Map(records.map((r) => [r.public_id, r]))
    for (const [line, server] of [
      [lines[0], decliner],
      [lines[1], buyer],
    ] as const) {
      const record = byPublicId.get(line?.record ?? '')
      expect(record?.kind).toBe('ping')
      const sent = JSON.parse(record?.request ?? 'null') as SentRequest
      const received = server.received.find((r) => r.path === '/ping')
      expect(sent.body).toBe(received?.body)
      expect(`${sent.method} ${new URL(sent.url).pathname}`).toBe(`${received?.method} ${received?.path}`)
      for (const [name, value] of Object.entries(sent.headers))
        expect(received?.headers[name.toLowerCase()]).toBe(value)
    }
    expect(byPublicId.get(lines[2]?.record ?? '')?.outcome).toBe('declined')
    expect(byPublicId.get(lines[3]?.record ?? '')?.outcome).toBe('accepted')

    // One body per lead: only the post that sold it carries its request, byte for byte as received.
    expect(lines.filter((l) => l.request !== undefined)).toHaveLength(1)
    const sold = lines[3]?.request
    const received = buyer.received.find((r) => r.path === '/post')
    expect(sold?.body).toBe(received?.body)
    expect(sold?.method).toBe('POST')
    expect(sold?.url).toBe(`${buyer.url}/post`)
    // Headers (the partner's secret ones too) read exactly as the post's record keeps them.
    expect(sold?.headers).toEqual(
      (JSON.parse(byPublicId.get(lines[3]?.record ?? '')?.request ?? 'null') as SentRequest).headers,
    )
    expect(received?.headers.authorization).toBe('Bearer fb-secret')
  })

  it('keeps the body of the last post refused when nobody buys the lead', async () => {
    const decliner = await localServer((r) =>
      r.path === '/ping' ? { body: { accepted: true, price: 12, id: 'd-ping' } } : { status: 500, text: 'down' },
    )
    const { app, token, categoryId } = await workspace()
    const saved = await ok<PartnerDef>(app, 'partners/create', formPartner(decliner.url), token)
    const plan = await ok<PlanDef>(
      app,
      'plans/create',
      { name: 'P', stages: [{ kind: 'pingpost', partnerIds: [saved.id] }] },
      token,
    )
    await ok(app, 'categories/update', { id: categoryId, defaultPlanId: plan.id }, token)
    const result = await app.services.distribution.ingest({ sourceId: null, categorySlug: 'home', fields: LEAD })
    expect(result.status).not.toBe('Posted')
    const post = (await app.services.leads.get(result.id)).events
      .map((e) => e.data as ExchangeLine | null)
      .find((d) => d?.kind === 'post')
    expect(post?.outcome).toBe('error')
    expect(post?.request?.body).toBe(decliner.received.find((r) => r.path === '/post')?.body)
  })
})
