import { describe, expect, it } from 'vitest'
import type { CategoryDetail } from '../../../src/shared/api/settings/categories'
import type { DryRunResult, LeadTypeDef } from '../../../src/shared/api/settings/leadTypes'
import { testSql } from '../../support/sql'
import { adminToken, testApp } from '../../support/workspace'
import { ok } from './helpers'

const STATES = ['CA', 'NV', 'TX', 'NY', 'OR']

/** A deterministic spread of leads: every combination of state, cars and credit score appears. */
function leadFields(i: number): Record<string, unknown> {
  return {
    first_name: `Lead${i}`,
    last_name: 'Test',
    email: `lead${i}@example.com`,
    state: STATES[i % STATES.length],
    zip: String(90000 + i).padStart(5, '0'),
    cars: (i % 4) + 1,
    // Some leads carry no credit score at all.
    ...(i % 7 === 0 ? {} : { credit_score: 500 + ((i * 37) % 350) }),
  }
}

describe('lead type dry-run', () => {
  it('predicts exactly what reclassifying the leads does after the edited types are saved', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const actor = { id: 1, name: 'Ada Admin' }
    const c = await ok<CategoryDetail>(app, 'categories/create', { name: 'Auto' }, token)
    for (const key of ['cars', 'credit_score'])
      await ok(app, 'categories/saveField', { categoryId: c.id, field: { key, label: key, type: 'number' } }, token)
    const ca = await ok<LeadTypeDef>(
      app,
      'leadTypes/create',
      {
        categoryId: c.id,
        name: 'California',
        conditions: { match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'CA' }] },
      },
      token,
    )
    const multi = await ok<LeadTypeDef>(
      app,
      'leadTypes/create',
      {
        categoryId: c.id,
        name: 'Multi-car',
        conditions: { match: 'all', conditions: [{ field: 'cars', op: 'gt', value: 1 }] },
      },
      token,
    )
    const other = await ok<LeadTypeDef>(
      app,
      'leadTypes/create',
      { categoryId: c.id, name: 'Other', isFallback: true },
      token,
    )

    for (let i = 0; i < 240; i++) {
      app.clock.advance(1000)
      await app.services.distribution.ingest({ sourceId: null, categoryId: c.id, fields: leadFields(i) })
    }
    const typeOf = async () =>
      new Map(
        (await testSql(app).all<{ id: number; lead_type_id: number | null }>('SELECT id, lead_type_id FROM leads')).map(
          (r) => [r.id, r.lead_type_id],
        ),
      )
    const before = await typeOf()
    expect(new Set(before.values())).toEqual(new Set([ca.id, multi.id, other.id]))

    // The edit: a new first type on credit, California widened to the West Coast with an any-group,
    // Multi-car switched off, and no fallback any more.
    const edited = [
      {
        name: 'Prime',
        conditions: {
          match: 'all' as const,
          conditions: [
            { field: 'credit_score', op: 'between' as const, value: [720, 900] },
            {
              match: 'any' as const,
              conditions: [
                { field: 'cars', op: 'lt' as const, value: 3 },
                { field: 'state', op: 'in' as const, value: ['TX'] },
              ],
            },
          ],
        },
      },
      {
        id: ca.id,
        name: 'California',
        conditions: {
          match: 'any' as const,
          conditions: [
            { field: 'state', op: 'in' as const, value: ['CA', 'OR'] },
            { field: 'zip', op: 'starts_with' as const, value: '9001' },
          ],
        },
      },
      { id: multi.id, name: 'Multi-car', conditions: multi.conditions, active: false },
    ]
    const dry = await ok<DryRunResult>(app, 'leadTypes/dryRun', { categoryId: c.id, types: edited }, token)
    expect(dry.checked).toBe(240)
    expect(dry.changed).toBeGreaterThan(50)
    // Moves into the new type, into the widened one, and out to Uncategorized are all covered.
    expect(dry.transitions.map((t) => t.to.name)).toEqual(
      expect.arrayContaining(['Prime', 'California', 'Uncategorized']),
    )
    // The dry run changed nothing.
    expect(await typeOf()).toEqual(before)

    // Save the edit the way the screen does, then reclassify every lead for real.
    const saved = await ok<LeadTypeDef[]>(
      app,
      'leadTypes/saveAll',
      { categoryId: c.id, types: [...edited, { id: other.id, name: 'Other', active: false }] },
      token,
    )
    const prime = saved.find((t) => t.name === 'Prime')!
    for (const id of before.keys()) await app.services.distribution.reclassify(id, actor)
    const after = await typeOf()

    const names = new Map<number | null, string>([
      [null, 'Uncategorized'],
      [ca.id, 'California'],
      [multi.id, 'Multi-car'],
      [other.id, 'Other'],
      [prime.id, 'Prime'],
    ])
    const actual = new Map<string, number>()
    for (const [id, from] of before) {
      const to = after.get(id) ?? null
      if (to === from) continue
      const key = `${names.get(from)} → ${names.get(to)}`
      actual.set(key, (actual.get(key) ?? 0) + 1)
    }
    const predicted = new Map(dry.transitions.map((t) => [`${t.from.name} → ${t.to.name}`, t.count]))
    expect(predicted).toEqual(actual)
    expect([...actual.values()].reduce((a, b) => a + b, 0)).toBe(dry.changed)
  })
})
