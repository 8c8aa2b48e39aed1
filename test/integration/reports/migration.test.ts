import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../../src/main/db/migrations'
import { openWorkspace } from '../../../src/main/db/open'
import { testDialect } from '../../support/dialect'
import { tempDir } from '../../support/workspace'

const before = migrations.slice(
  0,
  migrations.findIndex((m) => m.name === '120_reports'),
)

// A workspace file made before the reports (the PostgreSQL twin is covered by the schema tests).
describe.skipIf(testDialect === 'postgres')('migration 120 on a workspace made before it', () => {
  it('reads the reasons of the Unassigned leads, builds the rollups from the leads and gives Admin and Manager reports.view', () => {
    const path = join(tempDir(), 'old.db')
    const old = openWorkspace({ path, migrations: before })
    const db = old.sqlite
    const hour = Date.UTC(2026, 0, 5, 10)
    const lead = (status: string, created: number, charged: number | null = null) =>
      Number(
        db
          .prepare(
            `INSERT INTO leads (uuid, status, source_id, charged_cents, created_at, updated_at) VALUES (?, ?, NULL, ?, ?, ?)`,
          )
          .run(`u-${status}-${created}-${Math.random()}`, status, charged, created, created).lastInsertRowid,
      )
    const event = (leadId: number, kind: string, message: string, data: unknown = null) =>
      db
        .prepare(`INSERT INTO lead_events (lead_id, at, stage, kind, message, data) VALUES (?, 0, 'bidding', ?, ?, ?)`)
        .run(leadId, kind, message, data === null ? null : JSON.stringify(data))
    lead('Assigned', hour, 1500)
    lead('Assigned', hour + 60_000, 900)
    const capped = lead('Unassigned', hour + 120_000)
    event(capped, 'bids', '0 of 2 bids eligible', {
      bids: [
        { bidId: 1, eligible: false, check: 'scope' },
        { bidId: 2, eligible: false, check: 'cap_day' },
      ],
    })
    event(capped, 'unassigned', 'Unassigned: bidding: no eligible bid (2 considered)')
    lead('Duplicate', hour + 3_600_000)
    for (const [name, permissions] of [
      ['Admin', ['leads.view']],
      ['Manager', ['leads.view']],
      ['Operator', ['leads.view']],
    ] as const)
      db.prepare(`INSERT INTO roles (name, permissions, builtin) VALUES (?, ?, 1)`).run(
        name,
        JSON.stringify(permissions),
      )
    old.close()

    const ws = openWorkspace({ path })
    const after = ws.sqlite
    expect(after.prepare(`SELECT unsold_reason FROM leads WHERE id = ?`).get(capped)).toEqual({
      unsold_reason: 'daily_cap',
    })
    expect(
      after
        .prepare(`SELECT hour, status, reason, n, charged_cents FROM report_hourly_status ORDER BY hour, status`)
        .all(),
    ).toEqual([
      { hour: hour / 3_600_000, status: 'Assigned', reason: '', n: 2, charged_cents: 2400 },
      { hour: hour / 3_600_000, status: 'Unassigned', reason: 'daily_cap', n: 1, charged_cents: 0 },
      { hour: hour / 3_600_000 + 1, status: 'Duplicate', reason: 'duplicate', n: 1, charged_cents: 0 },
    ])
    expect(
      after.prepare(`SELECT dim, id, n, sold, returned, revenue_cents FROM report_daily WHERE dim = 1`).all(),
    ).toEqual([{ dim: 1, id: 0, n: 4, sold: 2, returned: 0, revenue_cents: 2400 }])
    const perms = (name: string) =>
      JSON.parse(
        (after.prepare(`SELECT permissions FROM roles WHERE name = ?`).get(name) as { permissions: string })
          .permissions,
      )
    expect(perms('Admin')).toEqual(['leads.view', 'reports.view'])
    expect(perms('Manager')).toEqual(['leads.view', 'reports.view'])
    expect(perms('Operator')).toEqual(['leads.view'])
    ws.close()
  })
})
