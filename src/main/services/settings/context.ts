import { ReferencesRepository } from '../../db/repositories/config/references'
import type { AuditLog } from '../audit-log'
import type { Actor, Deps } from '../deps'

/**
 * What every configuration write shares: one transaction, an audit line with before/after, and a
 * `changed` event afterwards. The `settings` area tells the engine to reload its in-memory
 * configuration; the other areas refresh the screens showing that thing.
 */
export class ConfigContext {
  /** Existence checks of referenced rows (categories, plans, customers, lead types, partners). */
  readonly refs: ReferencesRepository

  constructor(
    readonly deps: Deps,
    readonly auditLog: AuditLog,
  ) {
    this.refs = new ReferencesRepository(deps.store)
  }

  now(): number {
    return this.deps.clock.now()
  }

  write<T>(areas: string[], fn: () => T): T {
    const result = this.deps.store.transaction(fn)
    this.deps.events.emit('changed', { areas: ['settings', ...areas] })
    return result
  }

  audit(
    actor: Actor,
    action: string,
    target: { type: string; id: number | string | null },
    summary: string,
    before: unknown,
    after: unknown,
  ): void {
    this.auditLog.record(actor, action, target, summary, {
      ...(before !== undefined && { before }),
      ...(after !== undefined && { after }),
    })
  }
}
