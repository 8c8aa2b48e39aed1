import { describe, expect, it } from 'vitest'
import type { ImportPreview, ImportResult, ImportValidation } from '../../../src/shared/api/imports'
import { ok } from '../../support/calls'
import { testSql } from '../../support/sql'
import { adminToken, testApp } from '../../support/workspace'
import { count, rows, upload } from './helpers'
import { seedImport } from './seed'

const FILE = [
  'First Name,Last Name,Email,Phone',
  'Ann,Lee,ann@example.com,415-555-0100',
  'Bob,Stone,bob@example.com,415-555-0101',
  'Cy,Park,cy@example.com,415-555-0102',
  '',
].join('\r\n')
const MAPPING = { first_name: 0, last_name: 1, email: 2, phone: 3 }

async function world() {
  const app = await testApp()
  const token = await adminToken(app)
  const seed = await seedImport(app.services.deps.db, app.clock.now())
  const start = (uploadId: string, jobId: string, extra: Record<string, unknown> = {}) =>
    app.call(
      'imports/start',
      { uploadId, categoryId: seed.categoryId, customerId: seed.customerId, mapping: MAPPING, jobId, ...extra },
      token,
    )
  return { app, token, seed, start }
}

describe('importing the same file or the same upload again', () => {
  it('the same file twice: the second shows the earlier batch and, confirmed with skip duplicates, stores 0 new leads', async () => {
    const { app, token, seed, start } = await world()
    const first = await upload(app, token, FILE, 'spring.csv')
    expect(await start(first, 'job-first')).toMatchObject({ ok: true, data: { batchId: 1, imported: 3 } })
    const importedAt = app.clock.now()
    // The upload's own import is not "an earlier import" of it.
    const own = await ok<ImportPreview>(app, 'imports/preview', { uploadId: first, categoryId: seed.categoryId }, token)
    expect(own.earlier).toBeNull()
    app.clock.advance(3_600_000)

    const again = await upload(app, token, FILE, 'spring (copy).csv')
    const earlier = { batchId: 1, fileName: 'spring.csv', imported: 3, createdAt: importedAt }
    const preview = await ok<ImportPreview>(
      app,
      'imports/preview',
      { uploadId: again, categoryId: seed.categoryId },
      token,
    )
    expect(preview.earlier).toEqual(earlier)
    const check = await ok<ImportValidation>(
      app,
      'imports/validate',
      { uploadId: again, categoryId: seed.categoryId, mapping: MAPPING },
      token,
    )
    expect(check.earlier).toEqual(earlier)
    expect(check.duplicates.count).toBe(3)

    // Not without the operator's confirmation…
    expect(await start(again, 'job-second')).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: `This file was imported on ${new Date(importedAt).toISOString().slice(0, 10)} as batch 1 (3 leads); confirm to import it again`,
        fields: { file: 'imported before' },
      },
    })
    expect(await count(app, 'SELECT count(*) AS n FROM import_batches')).toBe(1)
    // …and confirmed, with duplicates skipped, nothing new is stored.
    const confirmed = await start(again, 'job-third', { confirmReimport: true, duplicates: 'skip' })
    expect(confirmed).toMatchObject({
      ok: true,
      data: { batchId: 2, imported: 0, rejected: 0, duplicates: 3, cancelled: false },
    })
    expect(await count(app, 'SELECT count(*) AS n FROM leads')).toBe(3)
    expect(await rows(app, 'SELECT id, rows_imported, rows_duplicate FROM import_batches ORDER BY id')).toEqual([
      { id: 1, rows_imported: 3, rows_duplicate: 0 },
      { id: 2, rows_imported: 0, rows_duplicate: 3 },
    ])
  })

  it('one upload started twice at once gives one batch, and a later retry gets the same answer', async () => {
    const { app, token, start } = await world()
    const uploadId = await upload(app, token, FILE)
    const [a, b] = await Promise.all([start(uploadId, 'job-aaaa'), start(uploadId, 'job-bbbb')])
    expect(a).toMatchObject({ ok: true, data: { batchId: 1, imported: 3, cancelled: false } })
    expect(b).toEqual(a)
    const retry = await start(uploadId, 'job-cccc')
    expect(retry).toMatchObject({ ok: true, data: { batchId: 1, imported: 3 } })
    expect(await count(app, 'SELECT count(*) AS n FROM import_batches')).toBe(1)
    expect(await count(app, 'SELECT count(*) AS n FROM leads')).toBe(3)
    expect(await count(app, "SELECT count(*) AS n FROM audit_log WHERE action = 'imports.start'")).toBe(1)
  })

  it('the database refuses a second batch for one upload', async () => {
    const { app, token, start } = await world()
    const uploadId = await upload(app, token, FILE)
    await start(uploadId, 'job-first')
    const insert = testSql(app).run(
      "INSERT INTO import_batches (file_name, upload_id, created_at) VALUES ('x.csv', ?, 0)",
      uploadId,
    )
    await expect(insert).rejects.toThrow(
      app.services.deps.dialect === 'postgres'
        ? /duplicate key value violates unique constraint "import_batches_upload"/
        : /UNIQUE constraint failed: import_batches.upload_id/,
    )
  })

  it('a cancelled start leaves the upload free to start again', async () => {
    const { app, token, start } = await world()
    const lines = ['first_name,last_name,email']
    for (let i = 0; i < 12_000; i++) lines.push(`N${i},L${i},n${i}@example.com`)
    const uploadId = await upload(app, token, lines.join('\n'))
    let cancelled: Promise<unknown> | null = null
    app.events.subscribe((event, payload) => {
      if (event === 'progress' && 'job' in payload && payload.job === 'job-cancel' && !cancelled) {
        cancelled = app.call('imports/cancel', { jobId: 'job-cancel' }, token)
      }
    })
    const mapping = { first_name: 0, last_name: 1, email: 2 }
    const first = await start(uploadId, 'job-cancel', { mapping })
    expect(first).toMatchObject({ ok: true, data: { cancelled: true } })
    const second = (await start(uploadId, 'job-again', { mapping })) as { ok: true; data: ImportResult }
    expect(second).toMatchObject({ ok: true, data: { batchId: 1, imported: 12_000, cancelled: false } })
  })
})
