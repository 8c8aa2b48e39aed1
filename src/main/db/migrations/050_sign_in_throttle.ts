import type { Migration } from '../migrate'

/**
 * Failed sign-ins per email and per address: the delay before the next attempt grows with them
 * and, past a number, the key is locked for a while. In the database so that every process
 * serving the workspace sees the same count.
 */
export const signInThrottle: Migration = {
  name: '050_sign_in_throttle',
  statements: [
    `CREATE TABLE sign_in_throttle (
      key TEXT PRIMARY KEY,
      failures INTEGER NOT NULL,
      last_failure_at INTEGER NOT NULL,
      locked_until INTEGER
    )`,
  ],
}
