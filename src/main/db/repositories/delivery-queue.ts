import { sql } from 'kysely'
import type { Executor } from '../executor'
import { affected } from '../transaction'

/** A due attempt this process holds: which round and attempt it is, and the claim's own name. */
export interface DeliveryClaim {
  leadId: number
  /** Attempt number within the round (1 = the first try after the assignment or a re-send). */
  round: number
  generation: number
  /** Unique to this claim, so a result recorded late can never pass for a later claim's. */
  token: string
}

/** The lead's state as read under its row lock, at the start of a delivery's unit of work. */
export interface LockedLead {
  status: string
  deliveryStatus: string | null
}

/**
 * The delivery queue: one row per lead with a webhook attempt owed (migration 110_delivery_queue).
 * Every unit of work that writes a row first writes (and so locks) the lead's row, the same order
 * the assignment and a re-send follow, so two of them never wait for each other in a circle.
 */
export const deliveryQueueRepository = {
  /**
   * Starts a round, due at `now`, in the caller's unit of work: a new row, or a row whose older
   * round (waiting or under way) is replaced by the next generation, its claim dropped so the new
   * round can be sent at once.
   */
  async startRound(db: Executor, leadId: number, now: number): Promise<void> {
    await db
      .insertInto('delivery_queue')
      .values({ lead_id: leadId, round: 1, generation: 1, due_at: now, claimed_by: null, claimed_until: null })
      .onConflict((oc) =>
        oc.column('lead_id').doUpdateSet((eb) => ({
          generation: eb('delivery_queue.generation', '+', 1),
          round: 1,
          due_at: now,
          claimed_by: null,
          claimed_until: null,
        })),
      )
      .execute()
  },

  /**
   * Writes the lead's row without changing it, to hold its lock for the rest of the unit of work
   * (PostgreSQL; on SQLite it takes the writer's lock up front), and reads its latest state.
   * Undefined when the lead is gone.
   */
  async lockLead(db: Executor, leadId: number): Promise<LockedLead | undefined> {
    const row = await db
      .updateTable('leads')
      .set((eb) => ({ delivery_status: eb.ref('delivery_status') }))
      .where('id', '=', leadId)
      .returning(['status', 'delivery_status'])
      .executeTakeFirst()
    return row && { status: row.status, deliveryStatus: row.delivery_status }
  },

  /** Leads whose attempt is due at `now` and held by no live claim, the longest waiting first. */
  async due(db: Executor, now: number, limit: number): Promise<number[]> {
    const rows = await db
      .selectFrom('delivery_queue')
      .select('lead_id')
      .where('due_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .orderBy('due_at')
      .orderBy('lead_id')
      .limit(limit)
      .execute()
    return rows.map((r) => Number(r.lead_id))
  },

  /**
   * Claims the lead's due attempt for `token` until `until`: a guarded UPDATE (due, and no live
   * claim), so of processes racing for it exactly one gets a row back. The caller checked, under
   * the lead's lock in the same unit of work, that the lead is still Assigned with its delivery
   * pending.
   */
  async claim(
    db: Executor,
    leadId: number,
    token: string,
    now: number,
    until: number,
  ): Promise<DeliveryClaim | undefined> {
    const row = await db
      .updateTable('delivery_queue')
      .set({ claimed_by: token, claimed_until: until })
      .where('lead_id', '=', leadId)
      .where('due_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .returning(['round', 'generation'])
      .executeTakeFirst()
    return row && { leadId, round: Number(row.round), generation: Number(row.generation), token }
  },

  /**
   * Ends the claim's attempt: the next one of the round due at `next.dueAt`, or the row removed
   * (delivered, failed, nothing owed). False, changing nothing, when the claim is no longer what
   * the row holds (a re-send started another round, or the lease ran out and another process took
   * the attempt over).
   */
  async settle(db: Executor, claim: DeliveryClaim, next: { round: number; dueAt: number } | null): Promise<boolean> {
    const result = next
      ? await db
          .updateTable('delivery_queue')
          .set({ round: next.round, due_at: next.dueAt, claimed_by: null, claimed_until: null })
          .where('lead_id', '=', claim.leadId)
          .where('claimed_by', '=', claim.token)
          .where('generation', '=', claim.generation)
          .executeTakeFirst()
      : await db
          .deleteFrom('delivery_queue')
          .where('lead_id', '=', claim.leadId)
          .where('claimed_by', '=', claim.token)
          .where('generation', '=', claim.generation)
          .executeTakeFirst()
    return affected(result) === 1
  },

  /**
   * Removes a row nothing is owed for any more (the lead was returned, or delivered by an older
   * round), unless a claim on it is still live: that attempt's result settles it.
   */
  async drop(db: Executor, leadId: number, now: number): Promise<void> {
    await db
      .deleteFrom('delivery_queue')
      .where('lead_id', '=', leadId)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .execute()
  },

  /**
   * Gives every pending delivery without a row one due at `now` (leads marked pending outside the
   * queue, e.g. by an older version). Idempotent, and harmless from several processes at once:
   * a lead already queued keeps its row.
   */
  async repair(db: Executor, now: number): Promise<number> {
    const result = await db
      .insertInto('delivery_queue')
      .columns(['lead_id', 'round', 'generation', 'due_at'])
      .expression((eb) =>
        eb
          .selectFrom('leads')
          .select((s) => [
            'id',
            s.lit(1).as('round'),
            s.lit(1).as('generation'),
            // Typed, or PostgreSQL takes the parameter in a select list for text.
            sql<number>`CAST(${now} AS BIGINT)`.as('due_at'),
          ])
          .where('status', '=', 'Assigned')
          .where('delivery_status', '=', 'pending'),
      )
      .onConflict((oc) => oc.column('lead_id').doNothing())
      .executeTakeFirst()
    return affected(result)
  },

  /** Every row's due time, soonest first, for tests and diagnostics. */
  async scheduled(db: Executor): Promise<{ leadId: number; dueAt: number }[]> {
    const rows = await db
      .selectFrom('delivery_queue')
      .select(['lead_id', 'due_at'])
      .orderBy('due_at')
      .orderBy('lead_id')
      .execute()
    return rows.map((r) => ({ leadId: Number(r.lead_id), dueAt: Number(r.due_at) }))
  },
}
