import type { ActivityEntry } from '../../../shared/api/activity'
import type { Page } from '../../../shared/domain/page'
import { parseJson } from '../json'
import type { Store } from '../store'

export interface ActivityQuery {
  page: number
  pageSize: number
  action?: string
  search?: string
  from?: number
  to?: number
}

/** Reads the audit log, newest first. */
export class ActivityRepository {
  constructor(private readonly store: Store) {}

  list(input: ActivityQuery): Page<ActivityEntry> {
    let q = this.store.q.selectFrom('audit_log')
    if (input.action) q = q.where('action', '=', input.action)
    if (input.from !== undefined) q = q.where('at', '>=', input.from)
    if (input.to !== undefined) q = q.where('at', '<', input.to)
    if (input.search) {
      const like = `%${input.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`
      q = q.where((eb) =>
        eb.or([
          eb('summary', 'like', eb.val(like)),
          eb('user_name', 'like', eb.val(like)),
          eb('target_id', '=', input.search ?? ''),
        ]),
      )
    }
    const total = this.store.first(q.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0
    const rows = this.store.all(
      q
        .selectAll()
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(input.pageSize)
        .offset((input.page - 1) * input.pageSize),
    )
    return {
      total,
      rows: rows.map((r) => ({
        id: r.id,
        at: r.at,
        userId: r.user_id,
        userName: r.user_name,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        summary: r.summary,
        before: parseJson<unknown>(r.before, null),
        after: parseJson<unknown>(r.after, null),
      })),
    }
  }

  actions(): string[] {
    return this.store
      .all(this.store.q.selectFrom('audit_log').select('action').distinct().orderBy('action'))
      .map((r) => r.action)
  }
}
