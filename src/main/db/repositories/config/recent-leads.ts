import { type Contact } from '../../../../shared/domain/lead'
import type { Executor } from '../../executor'
import { parseJson } from '../../json'
import { CONTACT_COLUMNS, contactOf } from '../lead-row'

export interface RecentLead {
  id: number
  createdAt: number
  uuid: string
  status: string
  leadTypeId: number | null
  name: string
  email: string | null
  contact: Contact
  details: Record<string, unknown>
}

/** The category's newest leads, read for dry-runs and field checks (never written here). */
export class RecentLeadsRepository {
  /**
   * One page of the category's leads, newest first, after the given position (keyset paging on
   * the category/created index, so each page costs the same however deep it is).
   */
  async page(
    db: Executor,
    categoryId: number,
    limit: number,
    after: { createdAt: number; id: number } | null,
  ): Promise<RecentLead[]> {
    let q = db
      .selectFrom('leads')
      .select(['id', 'created_at', 'uuid', 'status', 'lead_type_id', 'details', ...CONTACT_COLUMNS])
      .where('category_id', '=', categoryId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
    // A row-value bound walks the (category_id, created_at, id) index directly, on SQLite and PostgreSQL.
    if (after)
      q = q.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '<', tuple(after.createdAt, after.id)))
    const rows = await q.execute()
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      uuid: r.uuid,
      status: r.status,
      leadTypeId: r.lead_type_id,
      name: [r.first_name, r.last_name].filter(Boolean).join(' '),
      email: r.email,
      contact: contactOf(r),
      details: parseJson<Record<string, unknown>>(r.details, {}),
    }))
  }
}
