import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../src/main/db/migrations'
import { openWorkspace } from '../../src/main/db/open'
import { tempDir } from '../support/workspace'

const before = (name: string) =>
  migrations.slice(
    0,
    migrations.findIndex((m) => m.name === name),
  )

describe('migrations 060 and 061 on a workspace made before them', () => {
  it('books the sale of every lead already posted, and gives the built-in roles that return leads leads.settle', () => {
    const path = join(tempDir(), 'old.db')
    const old = openWorkspace({ path, migrations: before('060_partner_ledger') })
    const db = old.sqlite
    db.exec(`INSERT INTO partners (id, name, post_url, created_at) VALUES (7, 'Acme Exchange', 'http://x/post', 0)`)
    const lead = (status: string, partnerId: number | null, cents: number | null) =>
      Number(
        db
          .prepare(
            `INSERT INTO leads (uuid, status, partner_id, charged_cents, assigned_at, created_at, updated_at)
             VALUES (?, ?, ?, ?, 5, 1, 2)`,
          )
          .run(`u-${status}-${cents}`, status, partnerId, cents).lastInsertRowid,
      )
    const posted = lead('Posted', 7, 1250)
    const returned = lead('Returned', 7, 900)
    lead('Assigned', null, 1500)
    for (const [name, permissions] of [
      ['Admin', ['leads.view', 'leads.return']],
      ['Operator', ['leads.view', 'leads.return']],
      ['Viewer', ['leads.view']],
    ] as const)
      db.prepare(`INSERT INTO roles (name, permissions, builtin) VALUES (?, ?, 1)`).run(
        name,
        JSON.stringify(permissions),
      )
    old.close()

    const ws = openWorkspace({ path })
    const after = ws.sqlite
    expect(
      after.prepare(`SELECT lead_id, partner_id, kind, amount_cents FROM partner_ledger ORDER BY lead_id`).all(),
    ).toEqual([
      { lead_id: posted, partner_id: 7, kind: 'sale', amount_cents: 1250 },
      { lead_id: returned, partner_id: 7, kind: 'sale', amount_cents: 900 },
    ])
    const perms = (name: string) =>
      JSON.parse(
        (after.prepare(`SELECT permissions FROM roles WHERE name = ?`).get(name) as { permissions: string })
          .permissions,
      )
    // Later migrations add theirs (120: reports for Admin).
    expect(perms('Admin')).toEqual(['leads.view', 'leads.return', 'leads.settle', 'reports.view'])
    expect(perms('Operator')).toEqual(['leads.view', 'leads.return', 'leads.settle'])
    expect(perms('Viewer')).toEqual(['leads.view'])
    ws.close()
  })
})
