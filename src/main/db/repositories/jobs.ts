import type { Executor } from '../executor'
import { affected } from '../transaction'

export interface JobRow {
  name: string
  dueAt: number
  claimedBy: string | null
  claimedUntil: number | null
  lastStartedAt: number | null
  lastFinishedAt: number | null
  lastError: string | null
  runs: number
}

/** The jobs table: a row per kind of background work, claimed by one process at a time. */
export const jobsRepository = {
  /** Adds the job if it is new, due at `dueAt`; an existing row keeps its schedule. */
  async ensure(db: Executor, name: string, dueAt: number): Promise<void> {
    await db
      .insertInto('jobs')
      .values({ name, due_at: dueAt })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute()
  },

  /**
   * Claims the job for `owner` until `until` if it is due and nobody holds a live claim. The
   * guard is the WHERE clause: of processes racing for the same row, exactly one changes it.
   */
  async claim(db: Executor, name: string, owner: string, now: number, until: number): Promise<boolean> {
    const result = await db
      .updateTable('jobs')
      .set((eb) => ({
        claimed_by: owner,
        claimed_until: until,
        last_started_at: now,
        runs: eb('runs', '+', 1),
      }))
      .where('name', '=', name)
      .where('due_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .executeTakeFirst()
    return affected(result) === 1
  },

  /** Extends `owner`'s live claim to `until` (a run still under way); false when it was taken over. */
  async extend(db: Executor, name: string, owner: string, until: number): Promise<boolean> {
    const result = await db
      .updateTable('jobs')
      .set({ claimed_until: until })
      .where('name', '=', name)
      .where('claimed_by', '=', owner)
      .executeTakeFirst()
    return affected(result) === 1
  },

  /** Ends `owner`'s claim and schedules the next run; a claim that was taken over is left alone. */
  async finish(
    db: Executor,
    name: string,
    owner: string,
    now: number,
    nextDue: number,
    error: string | null,
  ): Promise<boolean> {
    const result = await db
      .updateTable('jobs')
      .set({ claimed_by: null, claimed_until: null, last_finished_at: now, last_error: error, due_at: nextDue })
      .where('name', '=', name)
      .where('claimed_by', '=', owner)
      .executeTakeFirst()
    return affected(result) === 1
  },

  /** Makes the job due now (something changed that it should act on), without touching a live claim. */
  async wake(db: Executor, name: string, now: number): Promise<void> {
    await db.updateTable('jobs').set({ due_at: now }).where('name', '=', name).where('due_at', '>', now).execute()
  },

  async list(db: Executor): Promise<JobRow[]> {
    const rows = await db.selectFrom('jobs').selectAll().orderBy('name').execute()
    return rows.map((r) => ({
      name: r.name,
      dueAt: r.due_at,
      claimedBy: r.claimed_by,
      claimedUntil: r.claimed_until,
      lastStartedAt: r.last_started_at,
      lastFinishedAt: r.last_finished_at,
      lastError: r.last_error,
      runs: r.runs,
    }))
  },
}
