import { describe, expect, it } from 'vitest'
import { testApp, type TestApp } from '../../support/workspace'
import { lead, Seed } from './seed'

const DAY = 86_400_000

async function world(rule: { keys: string[]; days: number }) {
  const app = await testApp()
  const seed = new Seed(app)
  const plan = await seed.plan([])
  const auto = await seed.category({ slug: 'auto', planId: plan, duplicate: rule })
  const home = await seed.category({ slug: 'home', name: 'Home insurance', planId: plan, duplicate: rule })
  await seed.leadType({ categoryId: auto, fallback: true })
  await seed.leadType({ categoryId: home, fallback: true })
  seed.done()
  return app
}

const send = (app: TestApp, fields: Record<string, unknown>, slug = 'auto') =>
  app.services.distribution.ingest({ sourceId: null, categorySlug: slug, fields })

describe('duplicate windows', () => {
  it.each([
    ['same phone the next day', 1, 'Duplicate'],
    ['same phone on the last day of the window', 29.9, 'Duplicate'],
    ['same phone after the window', 30.1, 'Unassigned'],
  ] as const)('%s', async (_name, days, status) => {
    const app = await world({ keys: ['phone'], days: 30 })
    await send(app, lead({ phone: '415-555-2671' }))
    app.clock.advance(days * DAY)
    expect((await send(app, lead({ phone: '+1 (415) 555-2671' }))).status).toBe(status)
  })

  it('compares normalised values: email case and phone format do not matter', async () => {
    const app = await world({ keys: ['email'], days: 30 })
    await send(app, lead({ email: 'Jane.Doe@Example.com' }))
    expect((await send(app, lead({ email: '  jane.doe@example.COM ' }))).status).toBe('Duplicate')
  })

  it('only within the same category', async () => {
    const app = await world({ keys: ['email'], days: 30 })
    await send(app, lead({ email: 'a@b.co' }))
    expect((await send(app, lead({ email: 'a@b.co' }), 'home')).status).toBe('Unassigned')
  })

  it('an empty value never matches', async () => {
    const app = await world({ keys: ['county'], days: 30 })
    await send(app, lead({ county: '' }))
    expect((await send(app, lead({ county: '' }))).status).toBe('Unassigned')
    await send(app, lead({ county: 'Kings' }))
    expect((await send(app, lead({ county: 'Kings' }))).status).toBe('Duplicate')
  })

  it('custom fields can be keys too', async () => {
    const app = await world({ keys: ['vehicles'], days: 30 })
    await send(app, lead({ vehicles: 3 }))
    expect((await send(app, lead({ vehicles: '3' }))).status).toBe('Duplicate')
    expect((await send(app, lead({ vehicles: 4 }))).status).toBe('Unassigned')
  })

  it('days = 0 turns the check off', async () => {
    const app = await world({ keys: ['email'], days: 0 })
    await send(app, lead({ email: 'a@b.co' }))
    expect((await send(app, lead({ email: 'a@b.co' }))).status).toBe('Unassigned')
  })

  it('a reprocessed lead is compared with earlier leads only, never with itself or later ones', async () => {
    const app = await world({ keys: ['email'], days: 30 })
    const first = await send(app, lead({ email: 'a@b.co' }))
    const second = await send(app, lead({ email: 'a@b.co' }))
    const actor = {
      id: await app.services.auth.createUserRow(app.services.deps.db, 'Ada', 'ada@example.com', 'Admin', 'x'),
      name: 'Ada',
    }
    await app.services.distribution.reprocess([first.id], null, actor)
    expect((await app.services.leads.get(first.id)).status).toBe('Unassigned')
    expect((await app.services.leads.get(second.id)).status).toBe('Duplicate')
  })
})
