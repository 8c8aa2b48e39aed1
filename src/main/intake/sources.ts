import type { Store } from '../db/store'

export interface IntakeSource {
  id: number
  name: string
  defaultCategoryId: number | null
  active: boolean
}

/** Looks a source up by the hash of the API key it presented (hand-written: it runs on every request). */
export class IntakeSourcesRepository {
  constructor(private readonly store: Store) {}

  byKeyHash(hash: string): IntakeSource | undefined {
    const row = this.store
      .prepare('SELECT id, name, default_category_id, active FROM sources WHERE api_key_hash = ?')
      .get(hash) as { id: number; name: string; default_category_id: number | null; active: number } | undefined
    if (!row) return undefined
    return { id: row.id, name: row.name, defaultCategoryId: row.default_category_id, active: row.active === 1 }
  }
}
