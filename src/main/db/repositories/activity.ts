import type { ActivityEntry } from '../../../shared/api/activity'
import type { Page } from '../../../shared/domain/page'
import { parseJson } from '../json'
import type { Dialect } from '../dialect'
import { containsText } from '../dialect/text'
import type { Executor } from '../executor'

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
  constructor(private readonly dialect: Dialect) {}

  async list(db: Executor, input: ActivityQuery): Promise<Page<ActivityEntry>> {
    let q = db.selectFrom('audit_log')
    if (input.action) q = q.where('action', '=', input.action)
    if (input.from !== undefined) q = q.where('at', '>=', input.from)
    if (input.to !== undefined) q = q.where('at', '<', input.to)
    if (input.search) {
      const search = input.search
      q = q.where((eb) =>
        eb.or([
          containsText(this.dialect, eb, eb.ref('summary'), search),
          containsText(this.dialect, eb, eb.ref('user_name'), search),
          eb('target_id', '=', input.search ?? ''),
        ]),
      )
    }
    const counted = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
    const rows = await q
      .selectAll()
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize)
      .execute()
    return {
      total: Number(counted?.n ?? 0),
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

  async actions(db: Executor): Promise<string[]> {
    const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute()
    return rows.map((r) => r.action)
  }
}
