import { describe, expect, it } from 'vitest'
import type { ImportResult } from '../../../src/shared/api/imports'
import { adminToken, testApp } from '../../support/workspace'
import { count, refuseInserts, rows, upload } from './helpers'
import { seedImport } from './seed'

const MAPPING = { first_name: 0, last_name: 1, email: 2 }
const ROWS = 12_000

function file(n = ROWS): string {
  const lines = ['first_name,last_name,email']
  for (let i = 0; i < n; i++) lines.push(`N${i},L${i},n${i}@example.com`)
  return lines.join('\n')
}

async function world() {
  const app = await testApp()
  const token = await adminToken(app)
  const seed = await seedImport(app.services.deps.db, app.clock.now())
  const start = (uploadId: string, jobId: string) =>
    app.call(
      'imports/start',
      { uploadId, categoryId: seed.categoryId, customerId: seed.customerId, mapping: MAPPING, jobId },
      token,
    )
  const stored = async () => ({
    leads: await count(app, 'SELECT count(*) AS n FROM leads'),
    listings: await count(app, "SELECT count(*) AS n FROM marketplace_listings WHERE kind = 'reverse'"),
    events: await count(app, "SELECT count(*) AS n FROM lead_events WHERE kind = 'imported'"),
    batches: await rows<{ id: number; rows_imported: number; rows_total: number }>(
      app,
      'SELECT id, rows_imported, rows_total FROM import_batches',
    ),
  })
  return { app, token, seed, start, stored }
}

describe('an import written in chunks', () => {
  it('a large file: every lead with its auction and its trace line, in file order, counted on one batch', async () => {
    const { app, token, start, stored } = await world()
    const uploadId = await upload(app, token, file())
    const saving: number[] = []
    app.events.subscribe((event, payload) => {
      if (
        event === 'progress' &&
        'job' in payload &&
        payload.job === 'job-big-file' &&
        payload.label === 'Saving leads'
      )
        saving.push(payload.done)
    })
    const big = await start(uploadId, 'job-big-file')
    expect(big).toMatchObject({
      ok: true,
      data: { batchId: 1, imported: ROWS, rejected: 0, duplicates: 0, cancelled: false },
    })
    expect(await stored()).toEqual({
      leads: ROWS,
      listings: ROWS,
      events: ROWS,
      batches: [{ id: 1, rows_imported: ROWS, rows_total: ROWS }],
    })
    // Progress while saving, not only at the start and the end.
    expect(saving[0]).toBe(0)
    expect(saving.filter((d) => d > 0 && d < ROWS).length).toBeGreaterThan(0)
    expect(saving[saving.length - 1]).toBe(ROWS)
    // Ids follow the file's rows, and each listing and event belongs to its own lead.
    const firstAndLast = await rows<{ id: number; email: string }>(
      app,
      'SELECT id, email FROM leads WHERE id IN ((SELECT min(id) FROM leads), (SELECT max(id) FROM leads)) ORDER BY id',
    )
    expect(firstAndLast.map((l) => l.email)).toEqual(['n0@example.com', `n${ROWS - 1}@example.com`])
    expect(
      await count(
        app,
        `SELECT count(*) AS n FROM leads l
         JOIN marketplace_listings m ON m.lead_id = l.id
         JOIN lead_events e ON e.lead_id = l.id AND e.kind = 'imported'`,
      ),
    ).toBe(ROWS)
    expect(await count(app, "SELECT count(*) AS n FROM audit_log WHERE action = 'imports.start'")).toBe(1)
  })

  it('a failure after some chunks keeps what they wrote, counted on the batch, and says so', async () => {
    const { app, token, start, stored } = await world()
    const uploadId = await upload(app, token, file())
    // Row 9,000 of the file cannot be written.
    await refuseInserts(app, 'fail_import_row', 'leads', "new.email = 'n9000@example.com'", 'disk I/O error')
    const result = await start(uploadId, 'job-fail')
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    const after = await stored()
    expect(after.leads).toBeGreaterThan(0)
    expect(after.leads).toBeLessThanOrEqual(9_000)
    expect(after.listings).toBe(after.leads)
    expect(after.events).toBe(after.leads)
    expect(after.batches).toEqual([{ id: 1, rows_imported: after.leads, rows_total: ROWS }])
    if (result.ok) return
    expect(result.error.message).toBe(
      `Saving the leads failed after ${after.leads} of ${ROWS}: batch 1 keeps those ${after.leads}; the other rows were not imported`,
    )
    const audit = await rows<{ summary: string; after: string }>(
      app,
      "SELECT summary, after FROM audit_log WHERE action = 'imports.start'",
    )
    expect(audit).toHaveLength(1)
    expect(audit[0]?.summary).toBe(
      `Imported ${after.leads} of ${ROWS} leads from leads.csv for Acme Agency (0 rejected, 0 duplicates skipped); stopped: failed (disk I/O error)`,
    )
    expect(JSON.parse(audit[0]?.after ?? '{}')).toMatchObject({
      batchId: 1,
      imported: after.leads,
      expected: ROWS,
      stopped: 'failed (disk I/O error)',
    })
    // The upload's batch is the answer to a retry: nothing is written twice.
    expect(await start(uploadId, 'job-retry')).toMatchObject({
      ok: true,
      data: { batchId: 1, imported: after.leads, cancelled: false },
    })
    expect((await stored()).leads).toBe(after.leads)
  })

  it('cancelled while saving: the chunks written stay, counted on the batch, and the result says how many', async () => {
    const { app, token, start, stored } = await world()
    const uploadId = await upload(app, token, file())
    let cancelled: Promise<unknown> | null = null
    app.events.subscribe((event, payload) => {
      if (
        event === 'progress' &&
        'job' in payload &&
        payload.job === 'job-cancel' &&
        payload.label === 'Saving leads' &&
        payload.done > 0 &&
        !cancelled
      ) {
        cancelled = app.call('imports/cancel', { jobId: 'job-cancel' }, token)
      }
    })
    const result = (await start(uploadId, 'job-cancel')) as { ok: true; data: ImportResult }
    expect(await cancelled).toEqual({ ok: true, data: { cancelled: true } })
    const after = await stored()
    expect(after.leads).toBeGreaterThan(0)
    expect(after.leads).toBeLessThan(ROWS)
    expect(result).toEqual({
      ok: true,
      data: {
        batchId: 1,
        imported: after.leads,
        rejected: 0,
        duplicates: 0,
        cancelled: true,
        closesAt: expect.any(Number),
      },
    })
    expect(after.listings).toBe(after.leads)
    expect(after.batches).toEqual([{ id: 1, rows_imported: after.leads, rows_total: ROWS }])
    expect(
      (await rows<{ summary: string }>(app, "SELECT summary FROM audit_log WHERE action = 'imports.start'")).map(
        (r) => r.summary,
      ),
    ).toEqual([
      `Imported ${after.leads} of ${ROWS} leads from leads.csv for Acme Agency (0 rejected, 0 duplicates skipped); stopped: cancelled`,
    ])
    // Started again, the upload answers with the same partial batch instead of writing a second one.
    expect(await start(uploadId, 'job-again')).toEqual(result)
    expect((await stored()).batches).toHaveLength(1)
  })
})
