import type { Store } from '../store'

export interface ThrottleRow {
  key: string
  failures: number
  lastFailureAt: number
  lockedUntil: number | null
}

/** Failed sign-ins per key (`email:…`, `ip:…`); hand-written, it runs on every sign-in. */
export class SignInThrottleRepository {
  constructor(private readonly store: Store) {}

  get(keys: readonly string[]): ThrottleRow[] {
    const statement = this.store.prepare(
      'SELECT key, failures, last_failure_at, locked_until FROM sign_in_throttle WHERE key = ?',
    )
    const rows: ThrottleRow[] = []
    for (const key of keys) {
      const r = statement.get(key) as
        { key: string; failures: number; last_failure_at: number; locked_until: number | null } | undefined
      if (r)
        rows.push({ key: r.key, failures: r.failures, lastFailureAt: r.last_failure_at, lockedUntil: r.locked_until })
    }
    return rows
  }

  /** One more failure; a count older than `forgetBefore` starts again at 1. Returns the new count. */
  fail(key: string, now: number, forgetBefore: number): number {
    const row = this.store
      .prepare(
        `INSERT INTO sign_in_throttle (key, failures, last_failure_at, locked_until) VALUES (?, 1, ?, NULL)
         ON CONFLICT(key) DO UPDATE SET
           failures = CASE WHEN last_failure_at < ? OR (locked_until IS NOT NULL AND locked_until <= ?) THEN 1
                           ELSE failures + 1 END,
           locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN NULL ELSE locked_until END,
           last_failure_at = excluded.last_failure_at
         RETURNING failures`,
      )
      .get(key, now, forgetBefore, now, now) as { failures: number }
    return row.failures
  }

  lock(key: string, until: number): void {
    this.store.prepare('UPDATE sign_in_throttle SET locked_until = ? WHERE key = ?').run(until, key)
  }

  /** Takes back one counted attempt (it turned out right). */
  forgive(key: string): void {
    this.store.prepare('UPDATE sign_in_throttle SET failures = failures - 1 WHERE key = ? AND failures > 0').run(key)
  }

  clear(key: string): void {
    this.store.prepare('DELETE FROM sign_in_throttle WHERE key = ?').run(key)
  }
}
