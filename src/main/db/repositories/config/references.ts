import type { Store } from '../../store'

/** Tables a configuration row may point at. */
type Referenced = 'categories' | 'distribution_plans' | 'customers' | 'lead_types' | 'partners'

/** Whether the things a configuration write refers to exist, checked before it is stored. */
export class ReferencesRepository {
  constructor(private readonly store: Store) {}

  exists(table: Referenced, id: number): boolean {
    return this.store.first(this.store.q.selectFrom(table).select('id').where('id', '=', id)) !== undefined
  }

  partnerIds(): Set<number> {
    return new Set(this.store.all(this.store.q.selectFrom('partners').select('id')).map((p) => p.id))
  }
}
