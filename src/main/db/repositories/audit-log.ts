import type { Executor } from '../executor'

export interface AuditEntryInput {
  userId: number | null
  userName: string | null
  action: string
  targetType: string
  targetId: string | null
  summary: string
  before?: unknown
  after?: unknown
  at: number
}

/** Appends one line to the audit log, in the caller's unit of work. */
export async function insertAuditEntry(db: Executor, entry: AuditEntryInput): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: entry.userId,
      user_name: entry.userName,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      summary: entry.summary,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      at: entry.at,
    })
    .execute()
}

/** The latest line about one thing (who changed it last, and when). */
export async function lastAuditEntry(
  db: Executor,
  targetType: string,
  targetId: string,
): Promise<{ user_name: string | null; at: number } | undefined> {
  return db
    .selectFrom('audit_log')
    .select(['user_name', 'at'])
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}
