import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ImportPreview, ImportResult, ImportValidation } from '../../../src/shared/api/imports'
import type { FileDelivery } from '../../../src/shared/api/exports'
import { ok } from '../../support/calls'
import { testSql } from '../../support/sql'
import { adminToken, testApp, tokenFor } from '../../support/workspace'
import { count, refuseInserts, upload } from './helpers'
import { seedImport } from './seed'

const CSV = [
  'First Name,Surname,E-mail,Phone 1,Zip Code,Vehicles,Credit Score,Notes',
  'Ann,Lee,ANN@Example.com,(415) 555-0100 ext 12,94107,2,good,"likes ""blue"", fast"',
  'Bob,Stone,bob@example,415-555-0101,94108,1,Fair,',
  'Cy,,cy@example.com,4155550102,9410,12,Poor,',
  'Dee,Park,dee@example.com,415.555.0103,94109-1234,3,Fair,"multi',
  'line note"',
  '',
].join('\r\n')

describe('CSV import', () => {
  it('previews with auto-matched columns and the first rows as they will be stored', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const seed = await seedImport(app.services.deps.db, app.clock.now())
    const uploadId = await upload(app, token, CSV)
    const preview = await ok<ImportPreview>(app, 'imports/preview', { uploadId, categoryId: seed.categoryId }, token)
    expect(preview.headers).toEqual([
      'First Name',
      'Surname',
      'E-mail',
      'Phone 1',
      'Zip Code',
      'Vehicles',
      'Credit Score',
      'Notes',
    ])
    expect(preview.autoMapping).toEqual({
      first_name: 0,
      last_name: 1,
      email: 2,
      phone: 3,
      address: null,
      city: null,
      county: null,
      state: null,
      zip: 4,
      vehicles: 5,
      credit_score: 6,
    })
    expect(preview.fields.map((f) => [f.key, f.required])).toContainEqual(['email', true])
    expect(preview.rows[0]).toEqual({
      row: 2,
      issues: [],
      values: {
        first_name: 'Ann',
        last_name: 'Lee',
        email: 'ann@example.com',
        phone: '+14155550100',
        address: null,
        city: null,
        county: null,
        state: null,
        zip: '94107',
        vehicles: 2,
        credit_score: 'Good',
      },
    })
    expect(preview.rows[1]?.issues).toEqual([{ row: 3, field: 'Email', reason: 'Enter a valid email address' }])
    expect(preview.rows).toHaveLength(4)
  })

  it('counts valid and invalid rows, lists each problem and saves the rejected rows', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const seed = await seedImport(app.services.deps.db, app.clock.now())
    const uploadId = await upload(app, token, CSV)
    const { mapping } = await ok<ImportPreview>(
      app,
      'imports/preview',
      { uploadId, categoryId: seed.categoryId },
      token,
    )
    const check = await ok<ImportValidation>(
      app,
      'imports/validate',
      { uploadId, categoryId: seed.categoryId, mapping },
      token,
    )
    expect(check).toEqual({
      total: 4,
      valid: 2,
      invalid: 2,
      issues: [
        { row: 3, field: 'Email', reason: 'Enter a valid email address' },
        { row: 4, field: 'Last name', reason: 'Last name is required' },
        { row: 4, field: 'ZIP', reason: 'Enter a 5-digit zip code' },
        { row: 4, field: 'Vehicles', reason: 'Must be at most 9' },
      ],
      truncated: false,
      warnings: [],
      duplicates: { count: 0, listed: [], keys: ['email', 'phone'], days: 30 },
      earlier: null,
    })
    const saved = await ok<FileDelivery>(app, 'imports/saveRejected', { uploadId }, token)
    expect(saved.kind).toBe('download')
    if (saved.kind !== 'download') return
    const [, id, secret] = /^\/downloads\/([^?]+)\?token=(.+)$/.exec(saved.url) ?? []
    expect(app.services.files.take(id ?? '', 'wrong')).toBeNull()
    const file = app.services.files.take(id ?? '', secret ?? '')
    expect(file?.fileName).toBe('leads-rejected.csv')
    expect(readFileSync(file?.path ?? '', 'utf8')).toBe(
      [
        'Row,Problems,First Name,Surname,E-mail,Phone 1,Zip Code,Vehicles,Credit Score,Notes',
        '3,Email: Enter a valid email address,Bob,Stone,bob@example,415-555-0101,94108,1,Fair,',
        // Semicolons are quoted too, for spreadsheets that read semicolon-separated files.
        '4,"Last name: Last name is required; ZIP: Enter a 5-digit zip code; Vehicles: Must be at most 9",Cy,,cy@example.com,4155550102,9410,12,Poor,',
        '',
      ].join('\r\n'),
    )
    // The link works once.
    expect(app.services.files.take(id ?? '', secret ?? '')).toBeNull()
  })

  it('imports every valid row in one batch, each opening a reverse auction for the customer', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const seed = await seedImport(app.services.deps.db, app.clock.now())
    const addType = async (name: string, priority: number, conditions: string | null, isFallback: number) =>
      (
        await app.services.deps.db
          .insertInto('lead_types')
          .values({
            category_id: seed.categoryId,
            name,
            priority,
            conditions,
            is_fallback: isFallback,
            created_at: 0,
            updated_at: 0,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    const multiCar = await addType(
      'Multi-car',
      1,
      '{"match":"all","conditions":[{"field":"vehicles","op":"gt","value":2}]}',
      0,
    )
    const anyAuto = await addType('Any auto', 9, null, 1)
    const uploadId = await upload(app, token, CSV)
    const { mapping } = await ok<ImportPreview>(
      app,
      'imports/preview',
      { uploadId, categoryId: seed.categoryId },
      token,
    )
    const progress: string[] = []
    app.events.subscribe((event, payload) => {
      if (event === 'progress' && 'job' in payload && payload.job === 'job-import-1') progress.push(payload.label)
    })
    const result = await ok<ImportResult>(
      app,
      'imports/start',
      {
        uploadId,
        categoryId: seed.categoryId,
        customerId: seed.customerId,
        mapping,
        auctionHours: 48,
        jobId: 'job-import-1',
      },
      token,
    )
    const now = app.clock.now()
    expect(result).toEqual({
      batchId: 1,
      imported: 2,
      rejected: 2,
      duplicates: 0,
      cancelled: false,
      closesAt: now + 48 * 3_600_000,
    })
    expect(progress).toContain('Saving leads')
    const q = testSql(app)
    const leads = await q.all(
      'SELECT uuid, status, first_name, last_name, email, phone, zip, details, category_id, lead_type_id, import_batch_id, customer_id FROM leads ORDER BY id',
    )
    expect(leads).toEqual([
      {
        uuid: '00000000-0000-4000-8000-000000000001',
        status: 'Marketplace',
        first_name: 'Ann',
        last_name: 'Lee',
        email: 'ann@example.com',
        phone: '+14155550100',
        zip: '94107',
        // The extension typed after the number is kept next to it.
        details: '{"phone_ext":"12","vehicles":2,"credit_score":"Good"}',
        category_id: seed.categoryId,
        lead_type_id: anyAuto,
        import_batch_id: 1,
        customer_id: seed.customerId,
      },
      {
        uuid: '00000000-0000-4000-8000-000000000002',
        status: 'Marketplace',
        first_name: 'Dee',
        last_name: 'Park',
        email: 'dee@example.com',
        phone: '+14155550103',
        zip: '94109',
        details: '{"vehicles":3,"credit_score":"Fair"}',
        category_id: seed.categoryId,
        lead_type_id: multiCar,
        import_batch_id: 1,
        customer_id: seed.customerId,
      },
    ])
    expect(
      await q.all(
        'SELECT lead_id, kind, status, customer_id, opened_at, closes_at FROM marketplace_listings ORDER BY id',
      ),
    ).toEqual([
      {
        lead_id: 1,
        kind: 'reverse',
        status: 'open',
        customer_id: seed.customerId,
        opened_at: now,
        closes_at: now + 48 * 3_600_000,
      },
      {
        lead_id: 2,
        kind: 'reverse',
        status: 'open',
        customer_id: seed.customerId,
        opened_at: now,
        closes_at: now + 48 * 3_600_000,
      },
    ])
    expect(
      await q.get(
        'SELECT customer_id, category_id, file_name, rows_total, rows_imported, rows_rejected FROM import_batches',
      ),
    ).toEqual({
      customer_id: seed.customerId,
      category_id: seed.categoryId,
      file_name: 'leads.csv',
      rows_total: 4,
      rows_imported: 2,
      rows_rejected: 2,
    })
    expect(await count(app, "SELECT count(*) AS n FROM lead_events WHERE kind = 'imported'")).toBe(2)
    expect(await count(app, "SELECT count(*) AS n FROM audit_log WHERE action = 'imports.start'")).toBe(1)
    // The imported leads are found by the leads search like any other.
    const found = await ok<{ total: number }>(app, 'leads/list', { filter: { search: 'dee' } }, token)
    expect(found.total).toBe(1)
  })

  it('stores nothing when cancelled part-way', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const seed = await seedImport(app.services.deps.db, app.clock.now())
    const rows = ['first_name,last_name,email']
    for (let i = 0; i < 12_000; i++) rows.push(`N${i},L${i},n${i}@example.com`)
    const uploadId = await upload(app, token, rows.join('\n'))
    const mapping = { first_name: 0, last_name: 1, email: 2 }
    let cancelled: Promise<unknown> | null = null
    app.events.subscribe((event, payload) => {
      if (event === 'progress' && 'job' in payload && payload.job === 'job-cancel' && !cancelled) {
        cancelled = app.call('imports/cancel', { jobId: 'job-cancel' }, token)
      }
    })
    const result = await ok<ImportResult>(
      app,
      'imports/start',
      { uploadId, categoryId: seed.categoryId, customerId: seed.customerId, mapping, jobId: 'job-cancel' },
      token,
    )
    expect(await cancelled).toEqual({ ok: true, data: { cancelled: true } })
    expect(result).toEqual({ batchId: null, imported: 0, rejected: 0, duplicates: 0, cancelled: true, closesAt: null })
    expect(await count(app, 'SELECT count(*) AS n FROM leads')).toBe(0)
    expect(await count(app, 'SELECT count(*) AS n FROM import_batches')).toBe(0)
    expect(await count(app, 'SELECT count(*) AS n FROM marketplace_listings')).toBe(0)
  })

  it('a failure while writing rolls the whole batch back', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const seed = await seedImport(app.services.deps.db, app.clock.now())
    const uploadId = await upload(app, token, CSV)
    const { mapping } = await ok<ImportPreview>(
      app,
      'imports/preview',
      { uploadId, categoryId: seed.categoryId },
      token,
    )
    // The last statement of the write fails, after the leads and listings went in.
    await refuseInserts(app, 'fail_import_events', 'lead_events', "new.kind = 'imported'", 'disk I/O error')
    const result = await app.call(
      'imports/start',
      { uploadId, categoryId: seed.categoryId, customerId: seed.customerId, mapping, jobId: 'job-fail' },
      token,
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(await count(app, 'SELECT count(*) AS n FROM leads')).toBe(0)
    expect(await count(app, 'SELECT count(*) AS n FROM import_batches')).toBe(0)
    expect(await count(app, 'SELECT count(*) AS n FROM marketplace_listings')).toBe(0)
    expect(await count(app, 'SELECT count(*) AS n FROM lead_events')).toBe(0)
  })

  it('refuses bad input clearly and changes nothing', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const viewer = await tokenFor(app, 'Viewer')
    const operator = await tokenFor(app, 'Operator')
    const seed = await seedImport(app.services.deps.db, app.clock.now())
    const uploadId = await upload(app, token, CSV)

    const forbidden = await app.call('imports/upload', { fileName: 'a.csv', chunk: '' }, viewer)
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // Another operator cannot use this upload.
    const foreign = await app.call('imports/preview', { uploadId, categoryId: seed.categoryId }, operator)
    expect(foreign).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'Upload not found' } })

    const unmapped = await app.call(
      'imports/start',
      {
        uploadId,
        categoryId: seed.categoryId,
        customerId: seed.customerId,
        mapping: { first_name: 0 },
        jobId: 'job-bad-1',
      },
      token,
    )
    expect(unmapped).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fields: {
          'mapping.last_name': 'Choose the column for Last name (required), or give it a fixed value',
          'mapping.email': 'Choose the column for Email (required), or give it a fixed value',
        },
      },
    })
    const wrongColumn = await app.call(
      'imports/validate',
      { uploadId, categoryId: seed.categoryId, mapping: { first_name: 0, last_name: 1, email: 40, nope: 1 } },
      token,
    )
    expect(wrongColumn).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fields: { 'mapping.email': 'The file has no column 41', 'mapping.nope': 'Auto insurance has no field "nope"' },
      },
    })
    const empty = await upload(app, token, '\r\n')
    const emptyPreview = await app.call('imports/preview', { uploadId: empty, categoryId: seed.categoryId }, token)
    expect(emptyPreview).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'The file is empty: it has no header row' },
    })
    const pending = await ok<{ uploadId: string }>(app, 'imports/upload', { fileName: 'b.csv', chunk: 'YQ==' }, token)
    const notDone = await app.call(
      'imports/preview',
      { uploadId: pending.uploadId, categoryId: seed.categoryId },
      token,
    )
    expect(notDone).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } })
    expect(await count(app, 'SELECT count(*) AS n FROM leads')).toBe(0)
    expect(await count(app, 'SELECT count(*) AS n FROM import_batches')).toBe(0)
  })
})
