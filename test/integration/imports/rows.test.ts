import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { FileDelivery } from '../../../src/shared/api/exports'
import type { ImportResult, ImportValidation } from '../../../src/shared/api/imports'
import { UNCLOSED_QUOTE } from '../../../src/main/services/imports/records'
import { ok } from '../../support/calls'
import { adminToken, testApp } from '../../support/workspace'
import { count, downloaded, rows, upload } from './helpers'
import { seedImport } from './seed'

const MAPPING = { first_name: 0, last_name: 1, email: 2, phone: 3 }

async function world() {
  const app = await testApp()
  const token = await adminToken(app)
  const seed = await seedImport(app.services.deps.db, app.clock.now())
  const validate = (uploadId: string) =>
    app.call('imports/validate', { uploadId, categoryId: seed.categoryId, mapping: MAPPING }, token)
  const start = (uploadId: string, jobId: string) =>
    app.call(
      'imports/start',
      { uploadId, categoryId: seed.categoryId, customerId: seed.customerId, mapping: MAPPING, jobId },
      token,
    )
  return { app, token, seed, validate, start }
}

describe('rows the CSV reader cannot read safely, limits and phones', () => {
  it('an unclosed quote in row 3 is reported as row 3, in the check and the rejected file; the other rows are imported', async () => {
    const { app, token, validate, start } = await world()
    const file = [
      'first_name,last_name,email,phone',
      'Ann,Lee,ann@example.com,415-555-0100',
      'Bob,"Stone,bob@example.com,415-555-0101',
      'Cy,Park,cy@example.com,415-555-0102',
      'Dee,Moss,dee@example.com,415-555-0103',
      'Eve,Ray,eve@example.com,415-555-0104',
      '',
    ].join('\n')
    const uploadId = await upload(app, token, file, 'broken.csv')
    const check = (await validate(uploadId)) as { ok: true; data: ImportValidation }
    expect(check.data).toMatchObject({
      total: 5,
      valid: 4,
      invalid: 1,
      issues: [{ row: 3, field: 'Row', reason: UNCLOSED_QUOTE }],
    })
    const saved = await ok<FileDelivery>(app, 'imports/saveRejected', { uploadId }, token)
    expect(readFileSync(downloaded(app, saved), 'utf8').split('\r\n')).toEqual([
      'Row,Problems,first_name,last_name,email,phone',
      `3,Row: ${UNCLOSED_QUOTE},Bob,"Stone,bob@example.com,415-555-0101"`,
      '',
    ])
    const result = (await start(uploadId, 'job-broken')) as { ok: true; data: ImportResult }
    expect(result.data).toMatchObject({ imported: 4, rejected: 1 })
    expect(await rows(app, 'SELECT first_name FROM leads ORDER BY id')).toEqual([
      { first_name: 'Ann' },
      { first_name: 'Cy' },
      { first_name: 'Dee' },
      { first_name: 'Eve' },
    ])
  })

  it('a header-only file, a binary file and a 10,000-column header are refused with what is wrong', async () => {
    const { app, token, seed, validate, start } = await world()
    const headerOnly = await upload(app, token, 'first_name,last_name,email,phone\r\n')
    const noRows = { code: 'VALIDATION', message: 'The file has a header row and no data rows' }
    expect(await validate(headerOnly)).toMatchObject({ ok: false, error: noRows })
    expect(await start(headerOnly, 'job-header')).toMatchObject({ ok: false, error: noRows })

    // A spreadsheet is refused as soon as it has arrived.
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0x08, 0, 0x21, 0, 0xb7, 0xac, 0xce, 0x34])
    expect(
      await app.call('imports/upload', { fileName: 'leads.xlsx', chunk: zip.toString('base64'), done: true }, token),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'This is not a CSV text file: save it from your spreadsheet as CSV (UTF-8)',
      },
    })

    const wide = Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',')
    const tooWide = await upload(app, token, `${wide}\n1\n`)
    expect(await app.call('imports/preview', { uploadId: tooWide, categoryId: seed.categoryId }, token)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'The file has 10,000 columns; at most 500 are read' },
    })
    expect(await count(app, 'SELECT count(*) AS n FROM import_batches')).toBe(0)
  })

  it('field and row limits name the row and the field', async () => {
    const { app, token, validate } = await world()
    const file = [
      'first_name,last_name,email,phone',
      `${'A'.repeat(300)},Lee,ann@example.com,`,
      `${'B'.repeat(1_048_576)},Stone,bob@example.com,`,
      `Cy,Park,${'c'.repeat(250)}@example.com,`,
      'Dee,Moss,dee@example.com,',
      '',
    ].join('\n')
    const uploadId = await upload(app, token, file)
    const check = (await validate(uploadId)) as { ok: true; data: ImportValidation }
    expect(check.data).toMatchObject({
      total: 4,
      valid: 1,
      invalid: 3,
      issues: [
        { row: 2, field: 'First name', reason: 'Too long: 300 characters, at most 255' },
        { row: 3, field: 'Row', reason: 'The row is longer than 100,000 characters' },
        { row: 4, field: 'Email', reason: 'Too long: 262 characters, at most 254' },
      ],
    })
  })

  it('phones: 001 and 011 prefixes, extensions in three forms, reasons for refusals', async () => {
    const { app, token, validate, start } = await world()
    const file = [
      'first_name,last_name,email,phone',
      'Ann,Lee,ann@example.com,001-672-799-2170',
      'Bob,Stone,bob@example.com,011 44 20 7946 0958',
      'Cy,Park,cy@example.com,(415) 555-0102 x123',
      'Dee,Moss,dee@example.com,415-555-0103 ext. 123',
      'Eve,Ray,eve@example.com,415.555.0104 #123',
      'Fay,Ng,fay@example.com,415-555-01',
      'Gus,Ho,gus@example.com,(115) 555-0106',
      '',
    ].join('\n')
    const uploadId = await upload(app, token, file)
    const check = (await validate(uploadId)) as { ok: true; data: ImportValidation }
    expect(check.data.issues).toEqual([
      { row: 3, field: 'Phone', reason: 'Country code 44 not allowed' },
      { row: 7, field: 'Phone', reason: 'Too short for US: 8 digits, 10 needed' },
      { row: 8, field: 'Phone', reason: 'Not a valid area code: 115' },
    ])
    await start(uploadId, 'job-phones')
    expect(await rows(app, 'SELECT first_name, phone, details FROM leads ORDER BY id')).toEqual([
      { first_name: 'Ann', phone: '+16727992170', details: '{}' },
      { first_name: 'Cy', phone: '+14155550102', details: '{"phone_ext":"123"}' },
      { first_name: 'Dee', phone: '+14155550103', details: '{"phone_ext":"123"}' },
      { first_name: 'Eve', phone: '+14155550104', details: '{"phone_ext":"123"}' },
    ])
  })

  it('the intake applies the same phone rules', async () => {
    const { app, seed } = await world()
    const ingest = (phone: string) =>
      app.services.distribution.ingest({
        sourceId: seed.sourceId,
        categoryId: seed.categoryId,
        fields: { first_name: 'Ann', last_name: 'Lee', email: `a${phone.length}@example.com`, phone },
      })
    await expect(ingest('011 44 20 7946 0958')).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: { phone: 'Country code 44 not allowed' },
    })
    const lead = await ingest('001-415-555-0100 ext. 55')
    expect(await rows(app, 'SELECT phone, details FROM leads WHERE id = ?', lead.id)).toEqual([
      { phone: '+14155550100', details: '{"phone_ext":"55"}' },
    ])
  })
})

describe('a phone extension after the import', () => {
  it('is in the operator export next to its number', async () => {
    const { app, token, seed, start } = await world()
    const uploadId = await upload(
      app,
      token,
      'first_name,last_name,email,phone\nAnn,Lee,ann@example.com,415-555-0100 ext. 77\nBob,Ray,bob@example.com,415-555-0101\n',
    )
    await start(uploadId, 'job-ext-export')
    const result = await ok<{ delivery: FileDelivery }>(
      app,
      'exports/start',
      { jobId: 'export-ext', audience: 'operator', customerId: seed.customerId },
      token,
    )
    const [header, ...lines] = readFileSync(downloaded(app, result.delivery), 'utf8').trimEnd().split('\r\n')
    const phone = (header ?? '').split(',').indexOf('Phone')
    // (Whatever the formula neutralisation makes of a leading "+".)
    expect(lines.map((l) => l.split(',')[phone]?.replace(/^'/, ''))).toEqual(['+14155550100 x77', '+14155550101'])
  })
})
