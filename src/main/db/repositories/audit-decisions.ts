import type { Selectable } from 'kysely'
import type { Executor } from '../executor'
import type { AuditDecisionsTable } from '../schema'

export type AuditDecisionRow = Selectable<AuditDecisionsTable>

/** Decisions on leads in Audit, each under the id its client gave it (see migration 130). */
export const auditDecisionsRepository = {
  async byId(db: Executor, id: string): Promise<AuditDecisionRow | undefined> {
    return db.selectFrom('audit_decisions').selectAll().where('id', '=', id).executeTakeFirst()
  },

  /** The lead's latest decision, if it ever had one. */
  async latestFor(db: Executor, leadId: number): Promise<AuditDecisionRow | undefined> {
    return db
      .selectFrom('audit_decisions')
      .selectAll()
      .where('lead_id', '=', leadId)
      .orderBy('decided_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
  },

  async insert(db: Executor, row: AuditDecisionRow): Promise<void> {
    await db.insertInto('audit_decisions').values(row).execute()
  },
}
