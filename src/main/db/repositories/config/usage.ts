import type { Store } from '../../store'

/** Counts for the subscription screen. */
export class UsageRepository {
  constructor(private readonly store: Store) {}

  /**
   * Leads counted against the threshold: those that reached the threshold step in the period,
   * i.e. every lead created since the period start that is not Withheld, Duplicate, Audit or
   * Uncategorized (those stop before the step).
   */
  processedSince(start: number): number {
    return (
      this.store.first(
        this.store.q
          .selectFrom('leads')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('created_at', '>=', start)
          .where('status', 'not in', ['Withheld', 'Duplicate', 'Audit', 'Uncategorized']),
      )?.n ?? 0
    )
  }

  withheld(): number {
    return (
      this.store.first(
        this.store.q
          .selectFrom('leads')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'Withheld'),
      )?.n ?? 0
    )
  }
}
