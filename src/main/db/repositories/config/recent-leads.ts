import { CONTACT_FIELDS, type Contact } from '../../../../shared/domain/lead'
import { parseJson } from '../../json'
import type { Store } from '../../store'

export interface RecentLead {
  id: number
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
  constructor(private readonly store: Store) {}

  ofCategory(categoryId: number, limit: number): RecentLead[] {
    const rows = this.store.all(
      this.store.q
        .selectFrom('leads')
        .select([
          'id',
          'uuid',
          'status',
          'lead_type_id',
          'details',
          'first_name',
          'last_name',
          'email',
          'phone',
          'address',
          'city',
          'county',
          'state',
          'zip',
        ])
        .where('category_id', '=', categoryId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit),
    )
    return rows.map((r) => ({
      id: r.id,
      uuid: r.uuid,
      status: r.status,
      leadTypeId: r.lead_type_id,
      name: [r.first_name, r.last_name].filter(Boolean).join(' '),
      email: r.email,
      contact: Object.fromEntries(CONTACT_FIELDS.map((k) => [k, r[k]])) as Contact,
      details: parseJson<Record<string, unknown>>(r.details, {}),
    }))
  }
}
