import { describe, expect, it } from 'vitest'
import type { CategoryDetail, FieldImpact } from '../../../src/shared/api/settings/categories'
import { testSql } from '../../support/sql'
import { adminToken, testApp, tokenFor } from '../../support/workspace'
import { auditActions, count, fails, ok } from './helpers'

describe('categories and fields', () => {
  it('creates a category with the nine standard fields and records it', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const events: string[][] = []
    app.events.subscribe((name, payload) => {
      if (name === 'changed') events.push((payload as { areas: string[] }).areas)
    })
    const c = await ok<CategoryDetail>(app, 'categories/create', { name: 'Auto Insurance' }, token)
    expect(c.slug).toBe('auto-insurance')
    expect(c.fields.map((f) => f.key)).toEqual([
      'first_name',
      'last_name',
      'email',
      'phone',
      'address',
      'city',
      'county',
      'state',
      'zip',
    ])
    expect(c.fields.every((f) => f.standard)).toBe(true)
    expect(await auditActions(app)).toContain('category.create')
    expect(events).toContainEqual(['settings', 'categories'])

    // A second category with the same name gets its own slug.
    const again = await ok<CategoryDetail>(app, 'categories/create', { name: 'Auto Insurance' }, token)
    expect(again.slug).toBe('auto-insurance-2')
    await fails(app, 'categories/create', { name: 'Other', slug: 'auto-insurance' }, token, 'CONFLICT')
  })

  it('refuses to remove a standard field but lets its flags change', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const c = await ok<CategoryDetail>(app, 'categories/create', { name: 'Solar' }, token)
    const email = c.fields.find((f) => f.key === 'email')!
    await fails(app, 'categories/deleteField', { categoryId: c.id, fieldId: email.id }, token, 'INVALID_STATE')
    const saved = await ok<CategoryDetail>(
      app,
      'categories/saveField',
      // Trying to rename the key or change the type of a standard field is ignored.
      {
        categoryId: c.id,
        fieldId: email.id,
        field: { key: 'mail', label: 'E-mail', type: 'text', required: true, deliverable: false },
      },
      token,
    )
    const after = saved.fields.find((f) => f.id === email.id)!
    expect(after).toMatchObject({ key: 'email', type: 'email', label: 'E-mail', required: true, deliverable: false })
  })

  it('adds, reorders and removes custom fields; rejects bad rules and clashing keys', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const c = await ok<CategoryDetail>(app, 'categories/create', { name: 'Solar' }, token)
    const withField = await ok<CategoryDetail>(
      app,
      'categories/saveField',
      {
        categoryId: c.id,
        field: { key: 'roof_age', label: 'Roof age', type: 'number', validation: { min: 0, max: 100 } },
      },
      token,
    )
    const roof = withField.fields.find((f) => f.key === 'roof_age')!
    expect(roof).toMatchObject({ standard: false, deliverable: true, position: 9 })

    const before = await count(app, 'fields')
    const bad = await fails(
      app,
      'categories/saveField',
      { categoryId: c.id, field: { key: 'owner', label: 'Owner', type: 'choice', validation: { pattern: '([' } } },
      token,
      'VALIDATION',
    )
    expect(Object.keys(bad.fields ?? {})).toEqual(['field.validation.pattern', 'field.validation.choices'])
    await fails(
      app,
      'categories/saveField',
      { categoryId: c.id, field: { key: 'Roof Age', label: 'x', type: 'text' } },
      token,
      'VALIDATION',
    )
    await fails(
      app,
      'categories/saveField',
      { categoryId: c.id, field: { key: 'roof_age', label: 'Again', type: 'text' } },
      token,
      'CONFLICT',
    )
    expect(await count(app, 'fields')).toBe(before)

    const ids = withField.fields.map((f) => f.id)
    const reordered = await ok<CategoryDetail>(
      app,
      'categories/reorderFields',
      { categoryId: c.id, fieldIds: [roof.id, ...ids.filter((i) => i !== roof.id)] },
      token,
    )
    expect(reordered.fields[0]!.key).toBe('roof_age')
    await fails(app, 'categories/reorderFields', { categoryId: c.id, fieldIds: [roof.id] }, token, 'VALIDATION')

    const removed = await ok<CategoryDetail>(
      app,
      'categories/deleteField',
      { categoryId: c.id, fieldId: roof.id },
      token,
    )
    expect(removed.fields.some((f) => f.key === 'roof_age')).toBe(false)
    expect(await auditActions(app)).toEqual(expect.arrayContaining(['field.create', 'field.reorder', 'field.delete']))
  })

  it('says how many stored leads a new required field or validation would make invalid', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const c = await ok<CategoryDetail>(app, 'categories/create', { name: 'Solar' }, token)
    const insert = (uuid: string, zip: string | null, details: object) =>
      testSql(app).run(
        "INSERT INTO leads (uuid, status, category_id, zip, details, created_at, updated_at) VALUES (?, 'Pending', ?, ?, ?, 1, 1)",
        uuid,
        c.id,
        zip,
        JSON.stringify(details),
      )
    await insert('a', '10001', { roof_age: 5 })
    await insert('b', null, { roof_age: 150 })
    await insert('c', '10003', {})

    const required = await ok<FieldImpact>(
      app,
      'categories/fieldImpact',
      {
        categoryId: c.id,
        field: { key: 'roof_age', label: 'Roof age', type: 'number', required: true, validation: { max: 100 } },
      },
      token,
    )
    expect(required.checked).toBe(3)
    expect(required.invalid).toBe(2)
    expect(required.samples.map((s) => s.reason).sort()).toEqual(['150 is above 100', 'missing'])

    const zip = c.fields.find((f) => f.key === 'zip')!
    const zipImpact = await ok<FieldImpact>(
      app,
      'categories/fieldImpact',
      { categoryId: c.id, fieldId: zip.id, field: { key: 'zip', label: 'ZIP', type: 'zip', required: true } },
      token,
    )
    expect(zipImpact.invalid).toBe(1)
    // Checking changes nothing.
    expect(await count(app, 'fields')).toBe(9)
  })

  it('validates duplicate and audit rules and needs settings.manage to write', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const operator = await tokenFor(app, 'Operator')
    const viewer = await tokenFor(app, 'Viewer')
    const c = await ok<CategoryDetail>(app, 'categories/create', { name: 'Solar' }, token)

    await fails(app, 'categories/create', { name: 'Nope' }, operator, 'FORBIDDEN')
    await fails(app, 'categories/update', { id: c.id, name: 'Nope' }, viewer, 'FORBIDDEN')
    // Lists for the leads console filters are readable with leads.view.
    expect((await ok<unknown[]>(app, 'categories/list', {}, viewer)).length).toBe(1)

    await fails(
      app,
      'categories/update',
      { id: c.id, duplicateRule: { keys: ['nope'], days: 30 } },
      token,
      'VALIDATION',
    )
    await fails(
      app,
      'categories/update',
      { id: c.id, duplicateRule: { keys: ['email'], days: -1 } },
      token,
      'VALIDATION',
    )
    await fails(
      app,
      'categories/update',
      { id: c.id, auditRule: { conditions: { match: 'some', conditions: [] }, sourceIds: [], samplePercent: 5 } },
      token,
      'VALIDATION',
    )
    await fails(
      app,
      'categories/update',
      { id: c.id, auditRule: { conditions: null, sourceIds: [], samplePercent: 101 } },
      token,
      'VALIDATION',
    )

    const updated = await ok<CategoryDetail>(
      app,
      'categories/update',
      {
        id: c.id,
        duplicateRule: { keys: ['phone'], days: 7 },
        auditRule: {
          conditions: { match: 'any', conditions: [{ field: 'state', op: 'in', value: ['NY', 'NJ'] }] },
          sourceIds: [],
          samplePercent: 2.5,
        },
        archived: true,
      },
      token,
    )
    expect(updated.duplicateRule).toEqual({ keys: ['phone'], days: 7 })
    expect(updated.auditRule.samplePercent).toBe(2.5)
    expect(updated.archived).toBe(true)
    const row = (await testSql(app).get<{ before: string; after: string }>(
      "SELECT before, after FROM audit_log WHERE action = 'category.update'",
    ))!
    expect(JSON.parse(row.before).duplicateRule).toEqual({ keys: ['email', 'phone'], days: 30 })
    expect(JSON.parse(row.after).duplicateRule).toEqual({ keys: ['phone'], days: 7 })
  })
})
