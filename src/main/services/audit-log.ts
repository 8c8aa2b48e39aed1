import { AuditLogRepository } from '../db/repositories/audit-log'
import type { Actor, Deps } from './deps'

/** Every operator action leaves a line: who, what, on which thing, before and after. */
export class AuditLog {
  private readonly repo: AuditLogRepository

  constructor(private readonly deps: Deps) {
    this.repo = new AuditLogRepository(deps.store)
  }

  record(
    actor: Actor | null,
    action: string,
    target: { type: string; id?: string | number | null },
    summary: string,
    change: { before?: unknown; after?: unknown } = {},
  ): void {
    this.repo.insert({
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
}
