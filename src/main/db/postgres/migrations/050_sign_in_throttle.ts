import type { Migration } from '../../migrate'

/** SQLite's 050_sign_in_throttle (branch `hosts`): failed sign-ins per email and per address. */
export const signInThrottle: Migration = {
  name: '050_sign_in_throttle',
  statements: [
    `CREATE TABLE sign_in_throttle (
      key TEXT PRIMARY KEY,
      failures BIGINT NOT NULL,
      last_failure_at BIGINT NOT NULL,
      locked_until BIGINT
    )`,
  ],
}
