import { describe, expect, it } from 'vitest'
import { auditDecision } from '../../../src/main/engine/audit'
import { classifyCategory, classifyLeadType, type LeadTypeRule } from '../../../src/main/engine/classify'
import { describeDuplicate, duplicateKeys, windowStart } from '../../../src/main/engine/duplicates'
import { billingPeriod, dayStart, monthStart, weekStart } from '../../../src/main/engine/periods'
import { runPlan, stagesFrom } from '../../../src/main/engine/plan'
import type { Stage } from '../../../src/shared/domain/config'

describe('lead type classification', () => {
  const types: LeadTypeRule[] = [
    { id: 1, name: 'Fallback', priority: 0, isFallback: true, conditions: null },
    {
      id: 2,
      name: 'CA multi-car',
      priority: 2,
      isFallback: false,
      conditions: {
        match: 'all',
        conditions: [
          { field: 'state', op: 'equals', value: 'CA' },
          { field: 'vehicles', op: 'gt', value: 1 },
        ],
      },
    },
    {
      id: 3,
      name: 'CA',
      priority: 3,
      isFallback: false,
      conditions: { match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'CA' }] },
    },
    {
      id: 4,
      name: 'CA first',
      priority: 1,
      isFallback: false,
      conditions: {
        match: 'all',
        conditions: [
          { field: 'state', op: 'equals', value: 'CA' },
          { field: 'vehicles', op: 'gt', value: 5 },
        ],
      },
    },
  ]
  const cases: [string, Record<string, unknown>, LeadTypeRule[], number | null][] = [
    ['first matching type by priority', { state: 'CA', vehicles: 2 }, types, 2],
    ['priority beats order of definition', { state: 'CA', vehicles: 6 }, types, 4],
    ['lower priority type when the first does not match', { state: 'CA', vehicles: 1 }, types, 3],
    ['fallback when nothing matches', { state: 'NY' }, types, 1],
    ['no fallback: uncategorized', { state: 'NY' }, types.filter((t) => !t.isFallback), null],
  ]
  it.each(cases)('%s', (_name, fields, list, expected) => {
    expect(classifyLeadType(list, fields).leadTypeId).toBe(expected)
  })
})

describe('category classification', () => {
  const cats = [
    {
      id: 1,
      slug: 'auto',
      name: 'Auto',
      archived: false,
      matchConditions: { match: 'all' as const, conditions: [{ field: 'vehicles', op: 'not_empty' as const }] },
    },
    { id: 2, slug: 'home', name: 'Home', archived: false, matchConditions: null },
    { id: 3, slug: 'old', name: 'Old', archived: true, matchConditions: null },
  ]
  it.each([
    ['by slug', { categorySlug: 'HOME' }, {}, 2],
    ['by id', { categoryId: 1 }, {}, 1],
    ['archived is not found', { categorySlug: 'old' }, {}, null],
    ['by match conditions', {}, { vehicles: 2 }, 1],
    ['a category without conditions is never matched', {}, { roof: 'tile' }, null],
  ] as const)('%s', (_name, req, fields, expected) => {
    expect(classifyCategory(cats, req, fields).categoryId).toBe(expected)
  })
})

describe('duplicate keys', () => {
  it('skips empty values and turns the check off at 0 days', () => {
    expect(duplicateKeys({ keys: ['email', 'phone'], days: 30 }, { email: 'a@b.co', phone: '' })).toEqual([
      { key: 'email', value: 'a@b.co' },
    ])
    expect(duplicateKeys({ keys: ['email'], days: 0 }, { email: 'a@b.co' })).toEqual([])
    expect(windowStart({ keys: [], days: 30 }, 31 * 86_400_000)).toBe(86_400_000)
    expect(describeDuplicate('u-1', 'phone', 30)).toBe('duplicate of u-1 on phone within 30 days')
  })
})

describe('audit decision', () => {
  const seq = (...values: number[]) => ({ next: () => values.shift() ?? 0.99 })
  const rule = {
    conditions: { match: 'all' as const, conditions: [{ field: 'state', op: 'equals' as const, value: 'NY' }] },
    sourceIds: [7],
    samplePercent: 10,
  }
  it.each([
    ['condition', { state: 'NY' }, null, seq(0.99), true, 'conditions'],
    ['source', { state: 'CA' }, 7, seq(0.99), true, 'source'],
    ['sampled below the percentage', { state: 'CA' }, 1, seq(0.05), true, 'sample'],
    ['not sampled at the percentage', { state: 'CA' }, 1, seq(0.1), false, null],
  ] as const)('%s', (_name, values, source, chance, audit, by) => {
    const d = auditDecision(rule, values, source, chance)
    expect(d.audit).toBe(audit)
    if (d.audit) expect((d.data as { by: string }).by).toBe(by)
  })
  it('draws no chance when sampling is off', () => {
    let draws = 0
    auditDecision({ conditions: null, sourceIds: [], samplePercent: 0 }, {}, null, { next: () => (draws++, 0) })
    expect(draws).toBe(0)
  })
})

describe('periods', () => {
  const t = Date.UTC(2026, 0, 7, 13, 30) // Wednesday
  it('day, ISO week and month in UTC', () => {
    expect(dayStart(t)).toBe(Date.UTC(2026, 0, 7))
    expect(weekStart(t)).toBe(Date.UTC(2026, 0, 5))
    expect(monthStart(t)).toBe(Date.UTC(2026, 0, 1))
  })
  it.each([
    [Date.UTC(2026, 0, 20), 15, Date.UTC(2026, 0, 15), Date.UTC(2026, 1, 15)],
    [Date.UTC(2026, 0, 10), 15, Date.UTC(2025, 11, 15), Date.UTC(2026, 0, 15)],
    [Date.UTC(2026, 0, 1), 1, Date.UTC(2026, 0, 1), Date.UTC(2026, 1, 1)],
  ])('billing period of %i starting day %i', (now, day, start, end) => {
    expect(billingPeriod(now, day)).toEqual({ start, end })
  })
})

describe('plan', () => {
  const stages: Stage[] = [
    { kind: 'bidding' },
    { kind: 'pingpost', partnerIds: [] },
    { kind: 'direct_post', partnerId: 1 },
  ]
  it('starts from any stage', () => {
    expect(stagesFrom(stages, null).map((s) => s.kind)).toEqual(['bidding', 'pingpost', 'direct_post'])
    expect(stagesFrom(stages, 'pingpost').map((s) => s.kind)).toEqual(['pingpost', 'direct_post'])
    expect(stagesFrom(stages, 'marketplace')).toEqual([])
  })
  it('stops at the first stage that places the lead', async () => {
    const ran: string[] = []
    const r = await runPlan(stages, (s) => {
      ran.push(s.kind)
      return s.kind === 'pingpost' ? { placed: true } : { placed: false, reason: `${s.kind} no` }
    })
    expect(ran).toEqual(['bidding', 'pingpost'])
    expect(r).toEqual({ placed: true, reasons: ['bidding no'] })
  })
})
