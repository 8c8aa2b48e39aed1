import { describe, expect, it } from 'vitest'
import { hashApiKey } from '../../../src/main/services/api-keys'
import type { BidDef } from '../../../src/shared/api/settings/bids'
import type { CategoryDetail } from '../../../src/shared/api/settings/categories'
import type { CustomerDef } from '../../../src/shared/api/settings/customers'
import type { LeadTypeDef } from '../../../src/shared/api/settings/leadTypes'
import type { SourceDef } from '../../../src/shared/api/settings/sources'
import type { LedgerEntry } from '../../../src/shared/api/settings/wallets'
import { testSql } from '../../support/sql'
import { adminToken, testApp, type TestApp, tokenFor } from '../../support/workspace'
import { auditActions, count, fails, ok } from './helpers'

async function setup(app: TestApp, token: string) {
  const category = await ok<CategoryDetail>(app, 'categories/create', { name: 'Solar' }, token)
  const type = await ok<LeadTypeDef>(app, 'leadTypes/create', { categoryId: category.id, name: 'Solar – any' }, token)
  const customer = await ok<CustomerDef>(app, 'customers/create', { name: 'Sunny Co', lowBalanceCents: 5000 }, token)
  return { category, type, customer }
}

describe('sources', () => {
  it('shows the API key once, stores only its hash, and rotates it', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const { category } = await setup(app, token)
    const created = await ok<{ source: SourceDef; apiKey: string }>(
      app,
      'sources/create',
      { name: 'Web form', defaultCategoryId: category.id, costPerLeadCents: 150 },
      token,
    )
    expect(created.apiKey).toMatch(/^ll_/)
    expect(created.source).toMatchObject({ defaultCategoryName: 'Solar', costPerLeadCents: 150, active: true })
    const stored = (await testSql(app).get<{ api_key_hash: string }>('SELECT api_key_hash FROM sources'))!
    expect(stored.api_key_hash).toBe(hashApiKey(created.apiKey))
    const list = await ok<SourceDef[]>(app, 'sources/list', {}, token)
    expect(JSON.stringify(list)).not.toContain(created.apiKey)
    const auditText = JSON.stringify(await testSql(app).all('SELECT * FROM audit_log'))
    expect(auditText).not.toContain(created.apiKey)

    const rotated = await ok<{ apiKey: string }>(app, 'sources/rotateKey', { id: created.source.id }, token)
    expect(rotated.apiKey).not.toBe(created.apiKey)
    const after = (await testSql(app).get<{ api_key_hash: string }>('SELECT api_key_hash FROM sources'))!
    expect(after.api_key_hash).toBe(hashApiKey(rotated.apiKey))
    expect(await auditActions(app)).toEqual(expect.arrayContaining(['source.create', 'source.rotateKey']))
  })

  it('rejects bad input and writes without settings.manage', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const operator = await tokenFor(app, 'Operator')
    await fails(app, 'sources/create', { name: '', costPerLeadCents: -1 }, token, 'VALIDATION')
    await fails(app, 'sources/create', { name: 'X', defaultCategoryId: 99 }, token, 'VALIDATION')
    await fails(app, 'sources/create', { name: 'X' }, operator, 'FORBIDDEN')
    expect(await count(app, 'sources')).toBe(0)
    expect(await ok<SourceDef[]>(app, 'sources/list', {}, operator)).toEqual([])
  })
})

describe('customers and wallets', () => {
  it('keeps a ledger of deposits and adjustments with user and reason; flags a low balance', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const { customer } = await setup(app, token)
    expect(customer.lowBalance).toBe(true)
    expect(
      await ok(app, 'wallets/deposit', { customerId: customer.id, amountCents: 10_000, reason: 'Wire' }, token),
    ).toEqual({
      balanceCents: 10_000,
    })
    expect(
      await ok(app, 'wallets/adjust', { customerId: customer.id, amountCents: -2_500, reason: 'Refund fee' }, token),
    ).toEqual({
      balanceCents: 7_500,
    })
    const ledger = await ok<{ total: number; rows: LedgerEntry[]; balanceCents: number }>(
      app,
      'wallets/ledger',
      { customerId: customer.id },
      token,
    )
    expect(ledger.total).toBe(2)
    expect(ledger.rows.map((r) => [r.kind, r.amountCents, r.userName, r.reason])).toEqual([
      ['adjustment', -2500, 'Ada Admin', 'Refund fee'],
      ['deposit', 10000, 'Ada Admin', 'Wire'],
    ])
    const after = await ok<CustomerDef>(app, 'customers/get', { id: customer.id }, token)
    expect(after).toMatchObject({ balanceCents: 7_500, lowBalance: false })
  })

  it('refuses bad movements, and movements without wallets.adjust', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const operator = await tokenFor(app, 'Operator')
    const { customer } = await setup(app, token)
    await fails(app, 'wallets/deposit', { customerId: customer.id, amountCents: 0 }, token, 'VALIDATION')
    await fails(app, 'wallets/deposit', { customerId: customer.id, amountCents: 1.5 }, token, 'VALIDATION')
    await fails(app, 'wallets/adjust', { customerId: customer.id, amountCents: 100, reason: ' ' }, token, 'VALIDATION')
    await fails(app, 'wallets/deposit', { customerId: 999, amountCents: 100 }, token, 'NOT_FOUND')
    await fails(app, 'wallets/deposit', { customerId: customer.id, amountCents: 100 }, operator, 'FORBIDDEN')
    expect(await count(app, 'wallet_transactions')).toBe(0)
  })

  it('validates delivery settings and contact details', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const { customer } = await setup(app, token)
    await fails(
      app,
      'customers/update',
      { id: customer.id, delivery: { method: 'webhook', url: 'not a url' } },
      token,
      'VALIDATION',
    )
    await fails(app, 'customers/update', { id: customer.id, email: 'nope' }, token, 'VALIDATION')
    const updated = await ok<CustomerDef>(
      app,
      'customers/update',
      {
        id: customer.id,
        email: 'buyer@sunny.example',
        delivery: { method: 'webhook', url: 'https://sunny.example/leads' },
      },
      token,
    )
    expect(updated.delivery).toEqual({
      method: 'webhook',
      url: 'https://sunny.example/leads',
      headers: {},
      // Saved without a format: the standard JSON body, as before formats existed.
      request: { format: 'json', httpMethod: 'POST', xmlRoot: 'lead', template: null },
    })
    expect(await auditActions(app)).toContain('customer.update')
  })
})

describe('bids', () => {
  it('shows live counts against caps and budget; returned leads stop counting', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const { type, customer, category } = await setup(app, token)
    const bid = await ok<BidDef>(
      app,
      'bids/create',
      { customerId: customer.id, leadTypeId: type.id, priceCents: 1_500, capDay: 10, budgetDayCents: 10_000 },
      token,
    )
    expect(bid.usage).toEqual({ day: 0, week: 0, month: 0, spentDayCents: 0, spentMonthCents: 0 })
    const now = app.clock.now()
    const insert = (uuid: string, status: string, assignedAt: number) =>
      testSql(app).run(
        'INSERT INTO leads (uuid, status, category_id, lead_type_id, customer_id, bid_id, charged_cents, assigned_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1500, ?, ?, ?)',
        uuid,
        status,
        category.id,
        type.id,
        customer.id,
        bid.id,
        assignedAt,
        now,
        now,
      )
    await insert('l1', 'Assigned', now)
    await insert('l2', 'Assigned', now)
    await insert('l3', 'Returned', now)
    await insert('l4', 'Assigned', now - 40 * 86_400_000)
    const [listed] = await ok<BidDef[]>(app, 'bids/list', { customerId: customer.id }, token)
    expect(listed!.usage).toMatchObject({ day: 2, spentDayCents: 3_000 })
    expect(listed!.usage.month).toBe(2)
  })

  it('validates scope, schedule and references; deletes with an audit line', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const operator = await tokenFor(app, 'Operator')
    const { type, customer } = await setup(app, token)
    const base = { customerId: customer.id, leadTypeId: type.id, priceCents: 1_000 }
    await fails(app, 'bids/create', { ...base, priceCents: -5 }, token, 'VALIDATION')
    await fails(app, 'bids/create', { ...base, leadTypeId: 999 }, token, 'VALIDATION')
    await fails(app, 'bids/create', { ...base, scope: { kind: 'state', values: [] } }, token, 'VALIDATION')
    const tz = await fails(
      app,
      'bids/create',
      { ...base, schedule: { timezone: 'Mars/Base', days: [1], start: '09:00', end: '17:00' } },
      token,
      'VALIDATION',
    )
    expect(tz.fields).toHaveProperty(['schedule.timezone'])
    await fails(
      app,
      'bids/create',
      { ...base, schedule: { timezone: 'UTC', days: [1], start: '9am', end: '17:00' } },
      token,
      'VALIDATION',
    )
    await fails(app, 'bids/create', base, operator, 'FORBIDDEN')
    expect(await count(app, 'bids')).toBe(0)

    const bid = await ok<BidDef>(
      app,
      'bids/create',
      {
        ...base,
        scope: { kind: 'state', values: ['CA', 'NV'] },
        schedule: { timezone: 'America/Los_Angeles', days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' },
        filters: { match: 'all', conditions: [{ field: 'roof_age', op: 'lt', value: 20 }] },
      },
      token,
    )
    const updated = await ok<BidDef>(
      app,
      'bids/update',
      { id: bid.id, leadTypeId: type.id, priceCents: 2_000, active: false },
      token,
    )
    expect(updated).toMatchObject({ priceCents: 2_000, active: false, scope: { kind: 'nationwide', values: [] } })
    await ok(app, 'bids/delete', { id: bid.id }, token)
    expect(await count(app, 'bids')).toBe(0)
    expect(await auditActions(app)).toEqual(expect.arrayContaining(['bid.create', 'bid.update', 'bid.delete']))
  })
})
