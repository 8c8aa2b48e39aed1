import type { Executor } from '../../executor'

/** Reads everything the engine keeps in memory; called on load and after a settings change. */
export class DistributionConfigRepository {
  async load(db: Executor) {
    const [categories, fields, leadTypes, plans, bids, customers, sources, partners, subscription] = [
      await db.selectFrom('categories').selectAll().orderBy('id').execute(),
      await db.selectFrom('fields').selectAll().orderBy('category_id').orderBy('position').orderBy('id').execute(),
      await db.selectFrom('lead_types').selectAll().orderBy('id').execute(),
      await db.selectFrom('distribution_plans').selectAll().orderBy('id').execute(),
      await db.selectFrom('bids').selectAll().orderBy('id').execute(),
      await db.selectFrom('customers').select(['id', 'name', 'active', 'delivery']).orderBy('id').execute(),
      await db.selectFrom('sources').select(['id', 'name', 'default_category_id', 'active']).orderBy('id').execute(),
      await db.selectFrom('partners').selectAll().orderBy('id').execute(),
      await db.selectFrom('settings').select('value').where('key', '=', 'subscription').executeTakeFirst(),
    ]
    return {
      categories,
      fields,
      leadTypes,
      plans,
      bids,
      customers,
      sources,
      partners,
      subscription: subscription?.value,
    }
  }

  /** A bid's current assignments since `since` (the start of its earliest counted period). */
  async assignmentsOf(
    db: Executor,
    bidId: number,
    since: number,
    exceptLeadId?: number,
  ): Promise<{ assigned_at: number; charged_cents: number }[]> {
    let query = db
      .selectFrom('leads')
      .select((eb) => ['assigned_at', eb.fn.coalesce('charged_cents', eb.val(0)).as('charged_cents')])
      .where('bid_id', '=', bidId)
      .where('assigned_at', '>=', since)
      .where('status', '=', 'Assigned')
    if (exceptLeadId !== undefined) query = query.where('id', '!=', exceptLeadId)
    const rows = await query.execute()
    return rows as { assigned_at: number; charged_cents: number }[]
  }

  /** When each customer last won a lead (its latest charge), for the least-recently-won tie-break. */
  async lastWins(db: Executor): Promise<{ customer_id: number; at: number }[]> {
    const rows = await db
      .selectFrom('customers as c')
      .select((eb) => [
        'c.id as customer_id',
        eb
          .selectFrom('wallet_transactions as w')
          .select('w.created_at')
          .whereRef('w.customer_id', '=', 'c.id')
          .where('w.kind', '=', 'charge')
          .orderBy('w.id', 'desc')
          .limit(1)
          .as('at'),
      ])
      .execute()
    return rows.filter((r): r is { customer_id: number; at: number } => r.at !== null && r.at !== undefined)
  }

  async countProcessedSince(db: Executor, since: number): Promise<number> {
    const row = await db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('processed_at', '>=', since)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }
}
