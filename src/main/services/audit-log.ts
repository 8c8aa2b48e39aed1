import type { Executor } from '../db/executor'
import { insertAuditEntry, lastAuditEntry } from '../db/repositories/audit-log'
import type { Actor, Deps } from './deps'

/** Every operator action leaves a line: who, what, on which thing, before and after. */
export class AuditLog {
  constructor(private readonly deps: Deps) {}

  /** Writes the line in the caller's unit of work `db`, so it commits or rolls back with the action. */
  async write(
    db: Executor,
    actor: Actor | null,
    action: string,
    target: { type: string; id?: string | number | null },
    summary: string,
    change: { before?: unknown; after?: unknown } = {},
  ): Promise<void> {
    await insertAuditEntry(db, {
      userId: actor?.id ?? null,
      userName: actor?.name ?? 'System',
      action,
      targetType: target.type,
      targetId: target.id === undefined || target.id === null ? null : String(target.id),
      summary,
      before: change.before,
      after: change.after,
      at: this.deps.clock.now(),
    })
  }

  /** Who last changed the thing, and when (undefined when nobody has). */
  lastFor(db: Executor, type: string, id: string): Promise<{ user_name: string | null; at: number } | undefined> {
    return lastAuditEntry(db, type, id)
  }
}
