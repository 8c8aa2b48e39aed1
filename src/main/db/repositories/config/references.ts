import type { Executor } from '../../executor'

/** Tables a configuration row may point at. */
type Referenced = 'categories' | 'distribution_plans' | 'customers' | 'lead_types' | 'partners'

/** Whether the things a configuration write refers to exist, checked before it is stored. */
export class ReferencesRepository {
  async exists(db: Executor, table: Referenced, id: number): Promise<boolean> {
    return (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined
  }

  async partnerIds(db: Executor): Promise<Set<number>> {
    return new Set((await db.selectFrom('partners').select('id').execute()).map((p) => p.id))
  }
}
