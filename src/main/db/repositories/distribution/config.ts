import type { Store } from '../../store'

/** Reads everything the engine keeps in memory; called on load and after a settings change. */
export class DistributionConfigRepository {
  constructor(private readonly store: Store) {}

  load() {
    const q = this.store.q
    return {
      categories: this.store.all(q.selectFrom('categories').selectAll().orderBy('id')),
      fields: this.store.all(
        q.selectFrom('fields').selectAll().orderBy('category_id').orderBy('position').orderBy('id'),
      ),
      leadTypes: this.store.all(q.selectFrom('lead_types').selectAll().orderBy('id')),
      plans: this.store.all(q.selectFrom('distribution_plans').selectAll().orderBy('id')),
      bids: this.store.all(q.selectFrom('bids').selectAll().orderBy('id')),
      customers: this.store.all(q.selectFrom('customers').select(['id', 'name', 'active', 'delivery']).orderBy('id')),
      sources: this.store.all(
        q.selectFrom('sources').select(['id', 'name', 'default_category_id', 'active']).orderBy('id'),
      ),
      partners: this.store.all(q.selectFrom('partners').selectAll().orderBy('id')),
      subscription: this.store.first(q.selectFrom('settings').select('value').where('key', '=', 'subscription'))?.value,
    }
  }

  /** Current-period usage of each bid: Assigned leads only, so returned leads stop counting. */
  usageSince(since: number): { bid_id: number; assigned_at: number; charged_cents: number }[] {
    return this.store
      .prepare(
        `SELECT bid_id, assigned_at, COALESCE(charged_cents, 0) AS charged_cents FROM leads
       WHERE bid_id IS NOT NULL AND assigned_at >= ? AND status = 'Assigned'`,
      )
      .all(since) as { bid_id: number; assigned_at: number; charged_cents: number }[]
  }

  /** When each customer last won a lead (its latest charge), for the least-recently-won tie-break. */
  lastWins(): { customer_id: number; at: number }[] {
    return this.store
      .prepare(
        `SELECT c.id AS customer_id,
         (SELECT w.created_at FROM wallet_transactions w WHERE w.customer_id = c.id AND w.kind = 'charge'
          ORDER BY w.id DESC LIMIT 1) AS at
       FROM customers c`,
      )
      .all()
      .filter((r) => (r as { at: number | null }).at !== null) as { customer_id: number; at: number }[]
  }

  countProcessedSince(since: number): number {
    const row = this.store.prepare(`SELECT COUNT(*) AS n FROM leads WHERE processed_at >= ?`).get(since) as {
      n: number
    }
    return row.n
  }
}
