import type { Executor } from '../../executor'

/** Counts for the subscription screen. */
export class UsageRepository {
  /**
   * Leads counted against the threshold in the period: those that passed the threshold step
   * since its start (the engine stamps `processed_at` there and counts the same way).
   */
  async processedSince(db: Executor, start: number): Promise<number> {
    const row = await db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('processed_at', '>=', start)
      .executeTakeFirst()
    return row?.n ?? 0
  }

  async withheld(db: Executor): Promise<number> {
    const row = await db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'Withheld')
      .executeTakeFirst()
    return row?.n ?? 0
  }
}
