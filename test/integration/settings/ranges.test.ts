import { describe, expect, it } from 'vitest'
import type { CategoryDetail } from '../../../src/shared/api/settings/categories'
import { adminToken, testApp } from '../../support/workspace'
import { count, fails, ok } from './helpers'

/** Values out of range are refused with a message saying the range, and nothing is saved. */
describe('settings out of range', () => {
  it('refuses an audit sample of 150 % and keeps the saved rule', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const c = await ok<CategoryDetail>(app, 'categories/create', { name: 'Auto' }, token)
    const rule = { conditions: null, sourceIds: [], samplePercent: 10 }
    await ok(app, 'categories/update', { id: c.id, auditRule: rule }, token)

    const error = await fails(
      app,
      'categories/update',
      { id: c.id, auditRule: { ...rule, samplePercent: 150 } },
      token,
      'VALIDATION',
    )
    expect(error.fields).toEqual({ 'auditRule.samplePercent': 'A share cannot be above 100 %' })
    const below = await fails(
      app,
      'categories/update',
      { id: c.id, auditRule: { ...rule, samplePercent: -1 } },
      token,
      'VALIDATION',
    )
    expect(below.fields).toEqual({ 'auditRule.samplePercent': 'A share cannot be below 0 %' })
    const saved = await ok<CategoryDetail>(app, 'categories/get', { id: c.id }, token)
    expect(saved.auditRule.samplePercent).toBe(10)

    const days = await fails(
      app,
      'categories/update',
      { id: c.id, duplicateRule: { keys: ['email'], days: 4000 } },
      token,
      'VALIDATION',
    )
    expect(days.fields).toEqual({ 'duplicateRule.days': 'At most 3,650 days (10 years)' })
  })

  it('refuses a marketplace floor above its first price instead of lowering it', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const stage = {
      kind: 'marketplace',
      startPriceCents: 1000,
      floorPriceCents: 2500,
      decrementCents: 100,
      intervalMinutes: 15,
    }
    const error = await fails(app, 'plans/create', { name: 'Market', stages: [stage] }, token, 'VALIDATION')
    expect(error.fields).toEqual({ 'stages.0.floorPriceCents': 'The floor cannot be above the first price' })
    expect(await count(app, 'distribution_plans')).toBe(0)
    const week = await fails(
      app,
      'plans/create',
      { name: 'Market', stages: [{ ...stage, floorPriceCents: 500, intervalMinutes: 20_000 }] },
      token,
      'VALIDATION',
    )
    expect(week.fields).toEqual({ 'stages.0.intervalMinutes': 'At most a week (10,080 minutes)' })
    await ok(app, 'plans/create', { name: 'Market', stages: [{ ...stage, floorPriceCents: 500 }] }, token)
  })

  it('refuses a field whose minimum is above its maximum, and a subscription day past the 28th', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const c = await ok<CategoryDetail>(app, 'categories/create', { name: 'Home' }, token)
    const error = await fails(
      app,
      'categories/saveField',
      {
        categoryId: c.id,
        field: { key: 'rooms', label: 'Rooms', type: 'number', validation: { min: 10, max: 2 } },
      },
      token,
      'VALIDATION',
    )
    expect(error.fields).toEqual({ 'field.validation.max': 'The minimum cannot be above the maximum' })
    const day = await fails(app, 'subscription/update', { threshold: 100, periodStartDay: 31 }, token, 'VALIDATION')
    expect(day.fields).toEqual({ periodStartDay: 'A day from 1 to 28 (every month has it)' })
  })
})
