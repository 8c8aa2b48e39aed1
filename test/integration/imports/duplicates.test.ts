import { describe, expect, it } from 'vitest'
import type { ImportPreview, ImportResult, ImportValidation } from '../../../src/shared/api/imports'
import { ok } from '../../support/calls'
import { testSql } from '../../support/sql'
import { adminToken, testApp, type TestApp } from '../../support/workspace'
import { count, rows, upload } from './helpers'
import { seedImport } from './seed'

const FILE = [
  'first_name,last_name,email,phone',
  // Row 2: the stored lead's email, typed differently.
  'Ann,Lee,ANN@example.com,',
  'Bob,Stone,bob@example.com,',
  // Row 4: row 3's email again.
  'Bobby,Stone,bob@example.com,4155550177',
  // Rows 5 and 6: both without a phone (empty keys never match) and with different emails.
  'Cy,Park,cy@example.com,',
  'Dee,Park,dee@example.com,',
  // Row 7: the stored lead's phone.
  'Eve,Moss,eve@example.com,(415) 555-0100',
  '',
].join('\n')

async function world() {
  const app = await testApp()
  const token = await adminToken(app)
  const seed = await seedImport(app.services.deps.db, app.clock.now())
  // A lead stored through the intake a day earlier, in the same category.
  const stored = await app.services.distribution.ingest({
    sourceId: seed.sourceId,
    categoryId: seed.categoryId,
    fields: { first_name: 'Ann', last_name: 'Lee', email: 'ann@example.com', phone: '415-555-0100' },
  })
  app.clock.advance(86_400_000)
  return { app, token, seed, stored }
}

async function check(app: TestApp, token: string, categoryId: number, uploadId: string) {
  const mapping = { first_name: 0, last_name: 1, email: 2, phone: 3 }
  const result = await ok<ImportValidation>(app, 'imports/validate', { uploadId, categoryId, mapping }, token)
  return { mapping, result }
}

describe('duplicates in imports', () => {
  it('the check lists each duplicate row with the stored lead or the earlier row it repeats, and the key', async () => {
    const { app, token, seed, stored } = await world()
    const uploadId = await upload(app, token, FILE)
    const { result } = await check(app, token, seed.categoryId, uploadId)
    expect(result.total).toBe(6)
    expect(result.valid).toBe(6)
    expect(result.duplicates).toEqual({
      count: 3,
      keys: ['email', 'phone'],
      days: 30,
      listed: [
        { row: 2, field: 'Email', value: 'ann@example.com', of: { kind: 'lead', id: stored.id, uuid: stored.uuid } },
        { row: 4, field: 'Email', value: 'bob@example.com', of: { kind: 'row', row: 3 } },
        { row: 7, field: 'Phone', value: '+14155550100', of: { kind: 'lead', id: stored.id, uuid: stored.uuid } },
      ],
    })
  })

  it('skips duplicates by default: only the other rows become leads', async () => {
    const { app, token, seed } = await world()
    const uploadId = await upload(app, token, FILE)
    const { mapping } = await check(app, token, seed.categoryId, uploadId)
    const result = await ok<ImportResult>(
      app,
      'imports/start',
      { uploadId, categoryId: seed.categoryId, customerId: seed.customerId, mapping, jobId: 'job-skip' },
      token,
    )
    expect(result).toMatchObject({ batchId: 1, imported: 3, rejected: 0, duplicates: 3, cancelled: false })
    expect(
      await rows(app, 'SELECT first_name, status, customer_id FROM leads WHERE import_batch_id = 1 ORDER BY id'),
    ).toEqual([
      { first_name: 'Bob', status: 'Marketplace', customer_id: seed.customerId },
      { first_name: 'Cy', status: 'Marketplace', customer_id: seed.customerId },
      { first_name: 'Dee', status: 'Marketplace', customer_id: seed.customerId },
    ])
    expect(await rows(app, 'SELECT rows_total, rows_imported, rows_duplicate FROM import_batches')).toEqual([
      { rows_total: 6, rows_imported: 3, rows_duplicate: 3 },
    ])
    expect(await count(app, 'SELECT count(*) AS n FROM marketplace_listings')).toBe(3)
    // The customer's lead list (the leads table filtered by customer) has them, with their status.
    const list = await ok<{ total: number; rows: { firstName: string; status: string }[] }>(
      app,
      'leads/list',
      { filter: { customerId: [seed.customerId] } },
      token,
    )
    expect(list.total).toBe(3)
    expect(list.rows.map((r) => [r.firstName, r.status]).sort()).toEqual([
      ['Bob', 'Marketplace'],
      ['Cy', 'Marketplace'],
      ['Dee', 'Marketplace'],
    ])
  })

  it('imports duplicates with status Duplicate on request, with the reason in their trace and no auction', async () => {
    const { app, token, seed, stored } = await world()
    const uploadId = await upload(app, token, FILE)
    const { mapping } = await check(app, token, seed.categoryId, uploadId)
    const result = await ok<ImportResult>(
      app,
      'imports/start',
      {
        uploadId,
        categoryId: seed.categoryId,
        customerId: seed.customerId,
        mapping,
        duplicates: 'import',
        jobId: 'job-import-dups',
      },
      token,
    )
    expect(result).toMatchObject({ imported: 6, duplicates: 3 })
    expect(
      await rows(
        app,
        `SELECT l.first_name, l.status, e.message FROM leads l
         LEFT JOIN lead_events e ON e.lead_id = l.id AND e.kind = 'duplicate'
         WHERE l.import_batch_id = 1 ORDER BY l.id`,
      ),
    ).toEqual([
      { first_name: 'Ann', status: 'Duplicate', message: `duplicate of ${stored.uuid} on email within 30 days` },
      { first_name: 'Bob', status: 'Marketplace', message: null },
      { first_name: 'Bobby', status: 'Duplicate', message: 'duplicate of row 3 of this file on email within 30 days' },
      { first_name: 'Cy', status: 'Marketplace', message: null },
      { first_name: 'Dee', status: 'Marketplace', message: null },
      { first_name: 'Eve', status: 'Duplicate', message: `duplicate of ${stored.uuid} on phone within 30 days` },
    ])
    expect(
      await rows(app, 'SELECT l.first_name FROM marketplace_listings m JOIN leads l ON l.id = m.lead_id ORDER BY l.id'),
    ).toEqual([{ first_name: 'Bob' }, { first_name: 'Cy' }, { first_name: 'Dee' }])
  })

  it('follows the category’s rule: its keys and its window', async () => {
    const { app, token, seed } = await world()
    // Email only, over one day: the stored lead (a day and a minute old) is outside the window.
    await testSql(app).run(
      `UPDATE categories SET duplicate_rule = '{"keys":["email"],"days":1}' WHERE id = ?`,
      seed.categoryId,
    )
    app.services.distribution.config.invalidate()
    app.clock.advance(60_000)
    const uploadId = await upload(app, token, FILE)
    const { result } = await check(app, token, seed.categoryId, uploadId)
    expect(result.duplicates).toEqual({
      count: 1,
      keys: ['email'],
      days: 1,
      listed: [{ row: 4, field: 'Email', value: 'bob@example.com', of: { kind: 'row', row: 3 } }],
    })
  })

  it('previews fixed values in place of columns, and they satisfy a required field', async () => {
    const { app, token, seed } = await world()
    await testSql(app).run(`UPDATE fields SET required = 1 WHERE category_id = ? AND key = 'state'`, seed.categoryId)
    app.services.distribution.config.invalidate()
    const uploadId = await upload(app, token, FILE)
    const mapping = { first_name: 0, last_name: 1, email: 2, phone: 3 }
    const input = { uploadId, categoryId: seed.categoryId, customerId: seed.customerId, mapping }
    const refused = await app.call('imports/start', { ...input, jobId: 'job-no-state' }, token)
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fields: { 'mapping.state': 'Choose the column for State (required), or give it a fixed value' },
      },
    })
    const preview = await ok<ImportPreview>(
      app,
      'imports/preview',
      { uploadId, categoryId: seed.categoryId, mapping, fixed: { state: 'tx' } },
      token,
    )
    expect(preview.rows[1]?.values).toMatchObject({ first_name: 'Bob', state: 'TX' })
    const result = await ok<ImportResult>(
      app,
      'imports/start',
      { ...input, fixed: { state: 'tx' }, jobId: 'job-state' },
      token,
    )
    expect(result).toMatchObject({ imported: 3, duplicates: 3 })
    expect(await rows(app, 'SELECT DISTINCT state FROM leads WHERE import_batch_id = 1')).toEqual([{ state: 'TX' }])
    // A fixed value is validated like a cell.
    const bad = await ok<ImportValidation>(
      app,
      'imports/validate',
      { uploadId, categoryId: seed.categoryId, mapping, fixed: { state: 'TX', zip: 'none' } },
      token,
    )
    expect(bad.invalid).toBe(6)
    expect(bad.issues[0]).toEqual({ row: 2, field: 'ZIP', reason: 'Enter a 5-digit zip code' })
  })
})
