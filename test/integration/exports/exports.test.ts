import { existsSync, readFileSync } from 'node:fs'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import type { ExportResult } from '../../../src/shared/api/exports'
import { insertLeadRow } from '../../support/leads'
import { ok } from '../../support/calls'
import { testSql } from '../../support/sql'
import { adminToken, testApp, tokenFor, type TestApp } from '../../support/workspace'
import { seedImport } from '../imports/seed'

/** Three leads of the customer (one in another category) and one lead of nobody. */
async function seedLeads(app: TestApp) {
  const now = app.clock.now()
  const { db } = app.services.deps
  const seed = await seedImport(db, now)
  await insertLeadRow(db, {
    uuid: 'u-1',
    status: 'Assigned',
    first_name: '=SUM(A1)',
    last_name: 'Lee',
    email: 'ann@example.com',
    phone: '+14155550100',
    address: '1 Main St',
    zip: '94107',
    details: '{"vehicles":2,"credit_score":"Good"}',
    category_id: seed.categoryId,
    customer_id: seed.customerId,
    charged_cents: 1500,
    assigned_at: now,
    created_at: now,
    updated_at: now,
  })
  await insertLeadRow(db, {
    uuid: 'u-2',
    status: 'Returned',
    first_name: 'Bob',
    last_name: 'Stone, Jr.',
    email: 'bob@example.com',
    address: '2 "Oak" Ave',
    zip: '94108',
    details: '{"vehicles":1}',
    category_id: seed.categoryId,
    customer_id: seed.customerId,
    charged_cents: 900,
    assigned_at: now + 1000,
    created_at: now + 1000,
    updated_at: now + 1000,
  })
  await insertLeadRow(db, {
    uuid: 'u-3',
    status: 'Assigned',
    first_name: 'Cy',
    last_name: 'Ray',
    email: 'cy@example.com',
    zip: '10001',
    details: '{"roof_age":12}',
    category_id: seed.otherCategoryId,
    customer_id: seed.customerId,
    charged_cents: 700,
    assigned_at: now + 2000,
    created_at: now + 2000,
    updated_at: now + 2000,
  })
  await insertLeadRow(db, {
    uuid: 'u-4',
    status: 'Unassigned',
    first_name: 'Dee',
    last_name: 'Park',
    email: 'dee@example.com',
    zip: '10002',
    details: '{}',
    category_id: seed.categoryId,
    created_at: now,
    updated_at: now,
  })
  return seed
}

function readDownload(app: TestApp, result: ExportResult): string {
  if (result.delivery.kind !== 'download') throw new Error('expected a download')
  const [, id, token] = /^\/downloads\/([^?]+)\?token=(.+)$/.exec(result.delivery.url) ?? []
  const file = app.services.files.take(id ?? '', token ?? '')
  if (!file) throw new Error('download missing')
  return readFileSync(file.path, 'utf8')
}

describe('CSV export', () => {
  it("an operator export of a customer's list carries every field and the metadata", async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const seed = await seedLeads(app)
    await testSql(app).run(`UPDATE leads SET client_ip = '198.51.100.9', user_agent = 'QuoteForm/1' WHERE uuid = 'u-1'`)
    const result = await ok<ExportResult>(
      app,
      'exports/start',
      { jobId: 'export-operator', audience: 'operator', customerId: seed.customerId },
      token,
    )
    expect(result).toMatchObject({
      rows: 3,
      cancelled: false,
      delivery: { kind: 'download', fileName: 'acme-agency-leads-2026-01-05.csv' },
    })
    const text = readDownload(app, result)
    const { data } = Papa.parse<string[]>(text.trimEnd(), { delimiter: ',' })
    const [header, ...rows] = data
    expect(header).toEqual([
      'Lead ID',
      'Status',
      'Category',
      'Lead type',
      'Source',
      'Customer',
      'Charged',
      'Cost',
      'Created at',
      'Updated at',
      'Assigned at',
      'Returned at',
      'Return reason',
      'Delivery status',
      'Import batch',
      'Ping record',
      'Post record',
      'IP address',
      'User agent',
      'First name',
      'Last name',
      'Email',
      'Phone',
      'Address',
      'City',
      'County',
      'State',
      'ZIP',
      'Vehicles',
      'Credit score',
      'Roof age',
    ])
    expect(result.columns).toBe(header?.length)
    expect(rows).toEqual([
      [
        'u-1',
        'Assigned',
        'Auto insurance',
        '',
        '',
        'Acme Agency',
        '15.00',
        '',
        '2026-01-05T15:00:00.000Z',
        '2026-01-05T15:00:00.000Z',
        '2026-01-05T15:00:00.000Z',
        '',
        '',
        '',
        '',
        '',
        '',
        '198.51.100.9',
        'QuoteForm/1',
        // A formula is neutralised; the phone number is data and stays as it is.
        "'=SUM(A1)",
        'Lee',
        'ann@example.com',
        '+14155550100',
        '1 Main St',
        '',
        '',
        '',
        '94107',
        '2',
        'Good',
        '',
      ],
      [
        'u-2',
        'Returned',
        'Auto insurance',
        '',
        '',
        'Acme Agency',
        '9.00',
        '',
        '2026-01-05T15:00:01.000Z',
        '2026-01-05T15:00:01.000Z',
        '2026-01-05T15:00:01.000Z',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        'Bob',
        'Stone, Jr.',
        'bob@example.com',
        '',
        '2 "Oak" Ave',
        '',
        '',
        '',
        '94108',
        '1',
        '',
        '',
      ],
      [
        'u-3',
        'Assigned',
        'Home insurance',
        '',
        '',
        'Acme Agency',
        '7.00',
        '',
        '2026-01-05T15:00:02.000Z',
        '2026-01-05T15:00:02.000Z',
        '2026-01-05T15:00:02.000Z',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        'Cy',
        'Ray',
        'cy@example.com',
        '',
        '',
        '',
        '',
        '',
        '10001',
        '',
        '',
        '12',
      ],
    ])
    expect(text).toContain('"2 ""Oak"" Ave"')
  })

  it('a customer-facing export carries only deliverable fields, per category', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const seed = await seedLeads(app)
    const result = await ok<ExportResult>(
      app,
      'exports/start',
      { jobId: 'export-customer', audience: 'customer', customerId: seed.customerId, bom: true },
      token,
    )
    const text = readDownload(app, result)
    expect(text.startsWith('\uFEFF')).toBe(true)
    const { data } = Papa.parse<string[]>(text.slice(1).trimEnd(), { delimiter: ',' })
    const [header, ...rows] = data
    // Address and Credit score are not deliverable; no metadata beyond id and assignment time.
    expect(header).toEqual([
      'Lead ID',
      'Assigned at',
      'First name',
      'Last name',
      'Email',
      'Phone',
      'City',
      'County',
      'State',
      'ZIP',
      'Vehicles',
      'Roof age',
    ])
    expect(rows.map((r) => r[0])).toEqual(['u-1', 'u-2', 'u-3'])
    expect(rows[0]).toEqual([
      'u-1',
      '2026-01-05T15:00:00.000Z',
      "'=SUM(A1)",
      'Lee',
      'ann@example.com',
      '+14155550100',
      '',
      '',
      '',
      '94107',
      '2',
      '',
    ])
    expect(text).not.toContain('Main St')
    expect(text).not.toContain('Good')
  })

  it("exports the leads table's filter, and refuses what it should", async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const viewer = await tokenFor(app, 'Viewer')
    await seedLeads(app)
    const result = await ok<ExportResult>(
      app,
      'exports/start',
      { jobId: 'export-filter', audience: 'operator', filter: { status: ['Unassigned', 'Returned'] } },
      token,
    )
    const rows = Papa.parse<string[]>(readDownload(app, result).trimEnd()).data.slice(1)
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['u-2', 'Returned'],
      ['u-4', 'Unassigned'],
    ])
    const forbidden = await app.call('exports/start', { jobId: 'export-viewer', audience: 'operator' }, viewer)
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const noCustomer = await app.call('exports/start', { jobId: 'export-nocust', audience: 'customer' }, token)
    expect(noCustomer).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { customerId: expect.any(String) } },
    })
    const audit = await testSql(app).all("SELECT summary FROM audit_log WHERE action = 'leads.export'")
    expect(audit).toEqual([{ summary: 'Exported 2 leads (every field)' }])
  })

  it("exports the leads table's search: every word typed, as the start of a word of the lead", async () => {
    const app = await testApp()
    const token = await adminToken(app)
    await seedLeads(app)
    const exported = async (jobId: string, filter: Record<string, unknown>) => {
      const result = await ok<ExportResult>(app, 'exports/start', { jobId, audience: 'operator', filter }, token)
      return Papa.parse<string[]>(readDownload(app, result).trimEnd())
        .data.slice(1)
        .map((r) => r[0])
    }
    expect(await exported('export-search-1', { search: 'ston' })).toEqual(['u-2'])
    expect(await exported('export-search-2', { search: 'Lee ANN' })).toEqual(['u-1'])
    expect(await exported('export-search-3', { search: 'example.com' })).toEqual(['u-1', 'u-2', 'u-3', 'u-4'])
    expect(await exported('export-search-4', { search: 'park', status: ['Unassigned'] })).toEqual(['u-4'])
    expect(await exported('export-search-5', { search: 'park', status: ['Assigned'] })).toEqual([])
  })

  it('asks the desktop save dialog for the destination and writes nothing when it is dismissed', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const seed = await seedLeads(app)
    const target = `${app.services.files.dir}/chosen.csv`
    const asked: string[] = []
    let answer: string | null = null
    app.services.files.setPlatform({
      chooseSaveFile: async (name) => {
        asked.push(name)
        return answer
      },
      chooseOpenFile: async () => null,
    })
    const dismissed = await ok<ExportResult>(
      app,
      'exports/start',
      { jobId: 'export-dialog-1', audience: 'operator', customerId: seed.customerId },
      token,
    )
    expect(dismissed).toEqual({ rows: 0, columns: 0, delivery: { kind: 'cancelled' }, cancelled: true })
    answer = target
    const saved = await ok<ExportResult>(
      app,
      'exports/start',
      { jobId: 'export-dialog-2', audience: 'customer', customerId: seed.customerId },
      token,
    )
    expect(saved.delivery).toEqual({ kind: 'saved', path: target, fileName: 'chosen.csv' })
    expect(asked).toEqual(['acme-agency-leads-2026-01-05.csv', 'acme-agency-leads-2026-01-05.csv'])
    expect(readFileSync(target, 'utf8').split('\r\n')).toHaveLength(5)
  })

  it('cancelled part-way, it leaves no file behind', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const seed = await seedLeads(app)
    const target = `${app.services.files.dir}/cancelled.csv`
    // The cancel is answered while the export is under way (its destination being chosen), before
    // it writes the file: whatever the database, the export sees it once the file is opened.
    let cancel: Promise<unknown> | null = null
    app.services.files.setPlatform({
      chooseSaveFile: async () => {
        cancel = app.call('exports/cancel', { jobId: 'export-cancel' }, token)
        await cancel
        return target
      },
      chooseOpenFile: async () => null,
    })
    const started: string[] = []
    app.events.subscribe((event, payload) => {
      if (event === 'progress' && 'job' in payload && payload.job === 'export-cancel')
        started.push(String(payload.done))
    })
    const result = await ok<ExportResult>(
      app,
      'exports/start',
      { jobId: 'export-cancel', audience: 'operator', customerId: seed.customerId },
      token,
    )
    expect(await cancel).toEqual({ ok: true, data: { cancelled: true } })
    expect(result).toMatchObject({ rows: 0, cancelled: true, delivery: { kind: 'cancelled' } })
    // It had started writing (its progress went out) and leaves nothing behind.
    expect(started).toEqual(['0', '0'])
    expect(existsSync(target)).toBe(false)
  })
})
