import { describe, expect, it } from 'vitest'
import { testApp } from '../../support/workspace'
import { lead, Seed } from './seed'

describe('smoke', () => {
  it('assigns a lead to the best bid', async () => {
    const app = await testApp()
    const seed = new Seed(app)
    const plan = seed.plan([{ kind: 'bidding' }])
    const cat = seed.category({ planId: plan })
    const type = seed.leadType({ categoryId: cat, fallback: true })
    const a = seed.customer('Acme', 10_000)
    seed.bid({ customerId: a, leadTypeId: type, priceCents: 1500 })
    seed.done()
    const r = await app.services.distribution.ingest({ sourceId: null, categorySlug: 'auto', fields: lead() })
    expect(r.status).toBe('Assigned')
    const detail = app.services.leads.get(r.id)
    console.log(detail.events.map((e) => `${e.stage}/${e.kind}: ${e.message}`).join('\n'))
  })
})
