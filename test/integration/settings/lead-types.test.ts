import { describe, expect, it } from 'vitest'
import type { CategoryDetail } from '../../../src/shared/api/settings/categories'
import type { CustomerDef } from '../../../src/shared/api/settings/customers'
import type { DryRunResult, LeadTypeDef } from '../../../src/shared/api/settings/leadTypes'
import { testSql } from '../../support/sql'
import { adminToken, testApp, type TestApp, tokenFor } from '../../support/workspace'
import { auditActions, count, fails, ok } from './helpers'

async function category(app: TestApp, token: string) {
  return ok<CategoryDetail>(app, 'categories/create', { name: 'Auto' }, token)
}

describe('lead types', () => {
  it('orders types by priority, keeps one fallback, and records every change', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const c = await category(app, token)
    const ca = await ok<LeadTypeDef>(
      app,
      'leadTypes/create',
      {
        categoryId: c.id,
        name: 'CA',
        conditions: { match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'CA' }] },
      },
      token,
    )
    const ny = await ok<LeadTypeDef>(app, 'leadTypes/create', { categoryId: c.id, name: 'NY' }, token)
    expect([ca.priority, ny.priority]).toEqual([1, 2])
    const other = await ok<LeadTypeDef>(
      app,
      'leadTypes/create',
      {
        categoryId: c.id,
        name: 'Other',
        isFallback: true,
        conditions: { match: 'all', conditions: [{ field: 'zip', op: 'is_empty' }] },
      },
      token,
    )
    // A fallback takes every lead no other type matched: its conditions are dropped.
    expect(other.conditions).toBeNull()
    // Making another type the fallback moves the flag.
    await ok(app, 'leadTypes/update', { id: ny.id, isFallback: true }, token)
    const list = await ok<LeadTypeDef[]>(app, 'leadTypes/list', { categoryId: c.id }, token)
    expect(list.filter((t) => t.isFallback).map((t) => t.name)).toEqual(['NY'])

    const reordered = await ok<LeadTypeDef[]>(
      app,
      'leadTypes/reorder',
      { categoryId: c.id, ids: [other.id, ca.id] },
      token,
    )
    expect(reordered.filter((t) => !t.isFallback).map((t) => t.name)).toEqual(['Other', 'CA'])
    await fails(app, 'leadTypes/reorder', { categoryId: c.id, ids: [ca.id] }, token, 'VALIDATION')
    expect(await auditActions(app)).toEqual(
      expect.arrayContaining(['leadType.create', 'leadType.update', 'leadType.reorder']),
    )
  })

  it('validates conditions and refuses writes without settings.manage', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const operator = await tokenFor(app, 'Operator')
    const c = await category(app, token)
    await fails(app, 'leadTypes/create', { categoryId: c.id, name: '' }, token, 'VALIDATION')
    await fails(
      app,
      'leadTypes/create',
      {
        categoryId: c.id,
        name: 'X',
        conditions: { match: 'all', conditions: [{ field: 'state', op: 'near', value: 'CA' }] },
      },
      token,
      'VALIDATION',
    )
    await fails(app, 'leadTypes/create', { categoryId: 999, name: 'X' }, token, 'VALIDATION')
    await fails(app, 'leadTypes/create', { categoryId: c.id, name: 'X' }, operator, 'FORBIDDEN')
    await fails(app, 'leadTypes/dryRun', { categoryId: c.id, types: [] }, operator, 'FORBIDDEN')
    expect(await count(app, 'lead_types')).toBe(0)
    expect(await ok<LeadTypeDef[]>(app, 'leadTypes/list', {}, operator)).toEqual([])
  })

  it('will not delete a type that still has bids', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const c = await category(app, token)
    const t = await ok<LeadTypeDef>(app, 'leadTypes/create', { categoryId: c.id, name: 'Any' }, token)
    const customer = await ok<CustomerDef>(app, 'customers/create', { name: 'Buyer' }, token)
    const bid = await ok<{ id: number }>(
      app,
      'bids/create',
      { customerId: customer.id, leadTypeId: t.id, priceCents: 100 },
      token,
    )
    const err = await fails(app, 'leadTypes/delete', { id: t.id }, token, 'CONFLICT')
    expect(err.message).toMatch(/1 bid/)
    await ok(app, 'bids/delete', { id: bid.id }, token)
    await ok(app, 'leadTypes/delete', { id: t.id }, token)
    expect(await count(app, 'lead_types')).toBe(0)
  })

  it('dry-run counts how many leads would change type, from → to, with samples, and changes nothing', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const c = await category(app, token)
    const ca = await ok<LeadTypeDef>(
      app,
      'leadTypes/create',
      {
        categoryId: c.id,
        name: 'CA',
        conditions: { match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'CA' }] },
      },
      token,
    )
    const rest = await ok<LeadTypeDef>(
      app,
      'leadTypes/create',
      { categoryId: c.id, name: 'Rest', isFallback: true },
      token,
    )
    const insert = (uuid: string, typeId: number, name: string, state: string, details: string, at: number) =>
      testSql(app).run(
        "INSERT INTO leads (uuid, status, category_id, lead_type_id, first_name, state, details, created_at, updated_at) VALUES (?, 'Unassigned', ?, ?, ?, ?, ?, ?, ?)",
        uuid,
        c.id,
        typeId,
        name,
        state,
        details,
        at,
        at,
      )
    // 3 CA leads (typed CA), 2 NV leads with 2+ cars, 1 NV lead with 1 car (typed Rest).
    await insert('ca1', ca.id, 'Ann', 'CA', '{"cars":1}', 1)
    await insert('ca2', ca.id, 'Bob', 'CA', '{"cars":3}', 2)
    await insert('ca3', ca.id, 'Cy', 'CA', '{"cars":2}', 3)
    await insert('nv1', rest.id, 'Di', 'NV', '{"cars":2}', 4)
    await insert('nv2', rest.id, 'Ed', 'NV', '{"cars":5}', 5)
    await insert('nv3', rest.id, 'Flo', 'NV', '{"cars":1}', 6)
    const before = JSON.stringify(await testSql(app).all('SELECT * FROM leads ORDER BY id'))

    // Edited rules: a new "Multi-car" type first, then CA, and no fallback any more.
    const result = await ok<DryRunResult>(
      app,
      'leadTypes/dryRun',
      {
        categoryId: c.id,
        types: [
          { name: 'Multi-car', conditions: { match: 'all', conditions: [{ field: 'cars', op: 'gt', value: 1 }] } },
          { id: ca.id, name: 'CA', conditions: ca.conditions },
        ],
      },
      token,
    )
    expect(result).toMatchObject({ checked: 6, changed: 5, unchanged: 1 })
    const summary = result.transitions.map((t) => [
      t.from.name,
      t.to.name,
      t.count,
      t.samples.map((s) => s.name).sort(),
    ])
    expect(summary).toEqual([
      ['CA', 'Multi-car', 2, ['Bob', 'Cy']],
      ['Rest', 'Multi-car', 2, ['Di', 'Ed']],
      ['Rest', 'Uncategorized', 1, ['Flo']],
    ])
    expect(JSON.stringify(await testSql(app).all('SELECT * FROM leads ORDER BY id'))).toBe(before)

    // The limit takes the newest leads first.
    const newest = await ok<DryRunResult>(app, 'leadTypes/dryRun', { categoryId: c.id, types: [], limit: 2 }, token)
    expect(newest).toMatchObject({ checked: 2, changed: 2 })
    expect(newest.transitions[0]!.samples.map((s) => s.name).sort()).toEqual(['Ed', 'Flo'])
  })
})

describe('saving the whole list of lead types', () => {
  it('creates, updates, reorders and moves the fallback in one transaction', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const c = await category(app, token)
    const a = await ok<LeadTypeDef>(app, 'leadTypes/create', { categoryId: c.id, name: 'A' }, token)
    const b = await ok<LeadTypeDef>(app, 'leadTypes/create', { categoryId: c.id, name: 'B', isFallback: true }, token)
    const saved = await ok<LeadTypeDef[]>(
      app,
      'leadTypes/saveAll',
      {
        categoryId: c.id,
        types: [
          {
            name: 'New first',
            conditions: { match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'CA' }] },
          },
          { id: b.id, name: 'B now ranked', conditions: null },
          { id: a.id, name: 'A now fallback', isFallback: true },
        ],
      },
      token,
    )
    expect(saved.map((t) => [t.name, t.isFallback, t.isFallback ? null : t.priority])).toEqual([
      ['New first', false, 1],
      ['B now ranked', false, 2],
      ['A now fallback', true, null],
    ])
    expect((await auditActions(app)).filter((x) => x.startsWith('leadType.'))).toEqual([
      'leadType.create',
      'leadType.create',
      'leadType.create',
      'leadType.update',
      'leadType.update',
    ])
  })

  it('saves nothing when one type is refused, or when a stored type is left out', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const c = await category(app, token)
    const a = await ok<LeadTypeDef>(app, 'leadTypes/create', { categoryId: c.id, name: 'A' }, token)
    const b = await ok<LeadTypeDef>(app, 'leadTypes/create', { categoryId: c.id, name: 'B' }, token)
    const before = JSON.stringify(await ok(app, 'leadTypes/list', { categoryId: c.id }, token))
    const bad = await fails(
      app,
      'leadTypes/saveAll',
      {
        categoryId: c.id,
        types: [
          { id: a.id, name: 'A renamed' },
          { id: b.id, name: 'B', planId: 999 },
        ],
      },
      token,
      'VALIDATION',
    )
    expect(bad.fields).toEqual({ 'types.1.planId': 'No such distribution plan' })
    await fails(app, 'leadTypes/saveAll', { categoryId: c.id, types: [{ id: a.id, name: 'A' }] }, token, 'VALIDATION')
    await fails(
      app,
      'leadTypes/saveAll',
      {
        categoryId: c.id,
        types: [
          { id: a.id, name: 'A', isFallback: true },
          { id: b.id, name: 'B', isFallback: true },
        ],
      },
      token,
      'VALIDATION',
    )
    expect(JSON.stringify(await ok(app, 'leadTypes/list', { categoryId: c.id }, token))).toBe(before)
  })
})
