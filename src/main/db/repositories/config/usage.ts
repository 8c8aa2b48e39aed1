import type { Store } from '../../store'

/** Counts for the subscription screen. */
export class UsageRepository {
  constructor(private readonly store: Store) {}

  /**
   * Leads counted against the threshold in the period: those that passed the threshold step
   * since its start (the engine stamps `processed_at` there and counts the same way).
   */
  processedSince(start: number): number {
    return (
      this.store.first(
        this.store.q
          .selectFrom('leads')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('processed_at', '>=', start),
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
