import { describe, expect, it } from 'vitest'
import type { BidDef } from '../../../src/shared/api/settings/bids'
import type { CategoryDetail } from '../../../src/shared/api/settings/categories'
import type { CustomerDef } from '../../../src/shared/api/settings/customers'
import type { LeadTypeDef } from '../../../src/shared/api/settings/leadTypes'
import type { PlanDef } from '../../../src/shared/api/settings/plans'
import { adminToken, testApp } from '../../support/workspace'
import { ok } from './helpers'

describe('settings and the engine', () => {
  it('the engine uses every settings change for the very next lead', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const category = await ok<CategoryDetail>(app, 'categories/create', { name: 'Solar' }, token)
    const plan = await ok<PlanDef>(app, 'plans/create', { name: 'Bid', stages: [{ kind: 'bidding' }] }, token)
    await ok(app, 'categories/update', { id: category.id, defaultPlanId: plan.id }, token)
    const type = await ok<LeadTypeDef>(app, 'leadTypes/create', { categoryId: category.id, name: 'Any' }, token)
    const customer = await ok<CustomerDef>(app, 'customers/create', { name: 'Acme' }, token)
    await ok(app, 'wallets/deposit', { customerId: customer.id, amountCents: 5_000 }, token)
    const bid = await ok<BidDef>(
      app,
      'bids/create',
      { customerId: customer.id, leadTypeId: type.id, priceCents: 1_250 },
      token,
    )
    const lead = (i: number) =>
      app.services.distribution.ingest({
        sourceId: null,
        categoryId: category.id,
        fields: { first_name: `L${i}`, email: `l${i}@example.com`, state: 'CA' },
      })

    expect(await lead(1)).toMatchObject({ status: 'Assigned', priceCents: 1_250 })
    const [withUsage] = await ok<BidDef[]>(app, 'bids/list', { customerId: customer.id }, token)
    expect(withUsage!.usage).toMatchObject({ day: 1, spentDayCents: 1_250 })

    // A paused bid takes nothing; a raised price applies at once.
    await ok(app, 'bids/update', { id: bid.id, leadTypeId: type.id, priceCents: 1_250, active: false }, token)
    expect((await lead(2)).status).toBe('Unassigned')
    await ok(app, 'bids/update', { id: bid.id, leadTypeId: type.id, priceCents: 2_000, active: true }, token)
    expect(await lead(3)).toMatchObject({ status: 'Assigned', priceCents: 2_000 })

    // A customer switched off wins nothing.
    await ok(app, 'customers/update', { id: customer.id, active: false }, token)
    expect((await lead(4)).status).toBe('Unassigned')
    const after = await ok<CustomerDef>(app, 'customers/get', { id: customer.id }, token)
    expect(after.balanceCents).toBe(5_000 - 1_250 - 2_000)
  })
})
