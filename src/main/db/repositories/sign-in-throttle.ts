import type { Executor } from '../executor'

export interface ThrottleRow {
  key: string
  failures: number
  lastFailureAt: number
  lockedUntil: number | null
}

/**
 * One attempt at a key, counted only if the key lets it through: not locked, and past the delay
 * its failures ask for. Below `free` failures there is no delay; from there on `delays` gives, in
 * growing order, how long after the last failure the next attempt may come (`below: n` = for
 * fewer than n failures; the last entry, `below: null`, for any more). `lockAt` failures lock the
 * key until `lockUntil`.
 */
export interface ThrottleAttempt {
  key: string
  now: number
  /** A count whose last failure is older than this starts again at 1. */
  forgetBefore: number
  /** Failures that let an attempt through at once. */
  free: number
  delays: readonly { below: number | null; ms: number }[]
  lockAt: number
  lockUntil: number
}

/** Failed sign-ins per key (`email:…`, `ip:…`); the count and the lock move in one statement. */
export class SignInThrottleRepository {
  async get(db: Executor, key: string): Promise<ThrottleRow | undefined> {
    const r = await db
      .selectFrom('sign_in_throttle')
      .select(['key', 'failures', 'last_failure_at', 'locked_until'])
      .where('key', '=', key)
      .executeTakeFirst()
    return (
      r && {
        key: r.key,
        failures: Number(r.failures),
        lastFailureAt: Number(r.last_failure_at),
        lockedUntil: r.locked_until === null ? null : Number(r.locked_until),
      }
    )
  }

  /**
   * Counts the attempt as one more failure if the key lets it through (see `ThrottleAttempt`),
   * and locks the key when the count reaches `lockAt`, in a single guarded upsert: parallel
   * attempts are counted one after the other, each seeing the ones before it. A lock that has
   * run out, or a last failure older than `forgetBefore`, starts the count again at 1.
   * Returns the new count, or null when the key refused the attempt (nothing was written).
   */
  async attempt(db: Executor, a: ThrottleAttempt): Promise<number | null> {
    const row = await db
      .insertInto('sign_in_throttle')
      .values({ key: a.key, failures: 1, last_failure_at: a.now, locked_until: a.lockAt === 1 ? a.lockUntil : null })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet((eb) => {
            const failures = eb
              .case()
              .when(
                eb.or([
                  eb('sign_in_throttle.last_failure_at', '<', a.forgetBefore),
                  eb.and([
                    eb('sign_in_throttle.locked_until', 'is not', null),
                    eb('sign_in_throttle.locked_until', '<=', a.now),
                  ]),
                ]),
              )
              .then(eb.val(1))
              .else(eb('sign_in_throttle.failures', '+', 1))
              .end()
            return {
              failures,
              locked_until: eb
                .case()
                .when(eb(failures, '=', a.lockAt))
                // Typed, so that PostgreSQL reads the CASE as a number, not as text.
                .then(eb.cast<number | null>(eb.val(a.lockUntil), 'bigint'))
                .else(null)
                .end(),
              last_failure_at: eb.ref('excluded.last_failure_at'),
            }
          })
          .where((eb) => {
            // Delays grow with the failures: the delay of the key's band has passed. (Each band's
            // delay is at least the one before, so a failure count meets only its own band's term.)
            const waited = a.delays.map((d) => {
              const past = eb('sign_in_throttle.last_failure_at', '<=', a.now - d.ms)
              return d.below === null ? past : eb.and([eb('sign_in_throttle.failures', '<', d.below), past])
            })
            return eb.and([
              eb.or([
                eb('sign_in_throttle.locked_until', 'is', null),
                eb('sign_in_throttle.locked_until', '<=', a.now),
              ]),
              eb.or([
                eb('sign_in_throttle.failures', '<', a.free),
                // A lock that ran out starts the count again: no delay.
                eb('sign_in_throttle.locked_until', 'is not', null),
                ...waited,
              ]),
            ])
          }),
      )
      .returning('failures')
      .executeTakeFirst()
    return row ? Number(row.failures) : null
  }

  /** Takes back one counted attempt (it turned out right). */
  async forgive(db: Executor, key: string): Promise<void> {
    await db
      .updateTable('sign_in_throttle')
      .set((eb) => ({ failures: eb('failures', '-', 1) }))
      .where('key', '=', key)
      .where('failures', '>', 0)
      .execute()
  }

  async clear(db: Executor, key: string): Promise<void> {
    await db.deleteFrom('sign_in_throttle').where('key', '=', key).execute()
  }
}
