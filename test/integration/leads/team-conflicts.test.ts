import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { testDialect } from '../../support/dialect'
import { testSql } from '../../support/sql'
import { testApp } from '../../support/workspace'
import { auditWorld, lead, operator } from '../engine/seed'

/** A workspace where every lead stops in Audit, and two reviewers. */
async function world() {
  const app = await testApp()
  await auditWorld(app)
  const dana = await operator(app, 'Dana Reviewer')
  const omar = await operator(app, 'Omar Reviewer')
  const ingest = async (n: number) => {
    const r = await app.services.distribution.ingest({
      sourceId: null,
      categorySlug: 'auto',
      fields: lead({ email: `audit${n}@example.com`, phone: `555${String(2_000_000 + n)}` }),
    })
    expect(r.status).toBe('Audit')
    return r.id
  }
  return { app, dana, omar, ingest }
}

async function decisions(app: Awaited<ReturnType<typeof world>>['app'], leadId: number) {
  const q = testSql(app)
  const rows = await q.all<{ decision: string; user_name: string }>(
    'SELECT decision, user_name FROM audit_decisions WHERE lead_id = ?',
    leadId,
  )
  const uuid = (await app.services.leads.get(leadId)).uuid
  const activity = await q.all<{ action: string }>(
    `SELECT action FROM audit_log WHERE target_type = 'lead' AND target_id = ? AND action LIKE 'lead.audit.%'`,
    uuid,
  )
  return { rows, activity: activity.map((a) => a.action) }
}

describe('audit decisions among reviewers', () => {
  it('a decision sent twice under its id is applied once; the second send replays the answer', async () => {
    const { app, dana, ingest } = await world()
    const id = await ingest(1)
    const decisionId = randomUUID()
    expect(await app.services.distribution.approveAudit(id, dana, decisionId)).toEqual({
      status: 'Assigned',
      replayed: false,
    })
    expect(await app.services.distribution.approveAudit(id, dana, decisionId)).toEqual({
      status: 'Assigned',
      replayed: true,
    })
    const rejected = await ingest(2)
    const rejectId = randomUUID()
    await app.services.distribution.rejectAudit(rejected, dana, 'fake name', rejectId)
    expect(await app.services.distribution.rejectAudit(rejected, dana, 'fake name', rejectId)).toEqual({
      status: 'Unassigned',
      replayed: true,
    })
    expect(await decisions(app, id)).toEqual({
      rows: [{ decision: 'approve', user_name: 'Dana Reviewer' }],
      activity: ['lead.audit.approve'],
    })
    expect((await decisions(app, rejected)).activity).toEqual(['lead.audit.reject'])
    // The same id cannot be reused for another decision.
    await expect(app.services.distribution.rejectAudit(id, dana, 'other', decisionId)).rejects.toMatchObject({
      code: 'VALIDATION',
    })
  })

  it('a lead a colleague decided first is refused with who decided it and when', async () => {
    const { app, dana, omar, ingest } = await world()
    const id = await ingest(1)
    app.clock.advance(60_000)
    await app.services.distribution.approveAudit(id, dana, randomUUID())
    const decidedAt = app.clock.now()
    app.clock.advance(60_000)
    const refusal = app.services.distribution.rejectAudit(id, omar, 'looks fake', randomUUID())
    await expect(refusal).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Already approved by Dana Reviewer',
      fields: { decision: 'approve', decidedBy: 'Dana Reviewer', decidedAt: String(decidedAt) },
    })
    expect(await decisions(app, id)).toEqual({
      rows: [{ decision: 'approve', user_name: 'Dana Reviewer' }],
      activity: ['lead.audit.approve'],
    })
    expect((await app.services.leads.get(id)).status).toBe('Assigned')
  })

  // Two servers (two apps on one database) run on PostgreSQL; see limits-guard.test.ts.
  it.skipIf(testDialect !== 'postgres')(
    'two reviewers on two servers deciding one lead at the same moment: exactly one decision is taken',
    async () => {
      const { app, dana, omar, ingest } = await world()
      const id = await ingest(1)
      const other = await testApp({ path: app.workspace, ids: { uuid: randomUUID } })
      const results = await Promise.allSettled([
        app.services.distribution.approveAudit(id, dana, randomUUID()),
        other.services.distribution.rejectAudit(id, omar, 'duplicate person', randomUUID()),
      ])
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      const refused = results.find((r) => r.status === 'rejected')
      expect(refused?.status === 'rejected' && (refused.reason as { code: string }).code).toBe('CONFLICT')
      const { rows, activity } = await decisions(app, id)
      expect(rows).toHaveLength(1)
      expect(activity).toHaveLength(1)
    },
  )
})

describe('editing a lead a colleague changed', () => {
  it('is refused with who changed it and when, and writes nothing; the fresh copy saves', async () => {
    const { app, dana, omar, ingest } = await world()
    const id = await ingest(1)
    const opened = await app.services.leads.get(id)
    app.clock.advance(5_000)
    await app.services.distribution.editLead(
      id,
      { contact: { first_name: 'Dana' }, expectedUpdatedAt: opened.updatedAt },
      dana,
    )
    const changedAt = (await app.services.leads.get(id)).updatedAt
    app.clock.advance(5_000)
    await expect(
      app.services.distribution.editLead(
        id,
        { contact: { first_name: 'Omar' }, expectedUpdatedAt: opened.updatedAt },
        omar,
      ),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Dana Reviewer changed this lead since you opened it',
      fields: { changedBy: 'Dana Reviewer', changedAt: String(changedAt) },
    })
    const kept = await app.services.leads.get(id)
    expect(kept.contact.first_name).toBe('Dana')
    await app.services.distribution.editLead(
      id,
      { contact: { first_name: 'Omar' }, expectedUpdatedAt: kept.updatedAt },
      omar,
    )
    expect((await app.services.leads.get(id)).contact.first_name).toBe('Omar')
  })
})
