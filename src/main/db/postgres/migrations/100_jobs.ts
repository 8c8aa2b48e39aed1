import type { Migration } from '../../migrate'

/** The PostgreSQL twin of SQLite's 100_jobs: background work claimed once across servers. */
export const jobs: Migration = {
  name: '100_jobs',
  statements: [
    `CREATE TABLE jobs (
      name TEXT PRIMARY KEY,
      due_at BIGINT NOT NULL,
      claimed_by TEXT,
      claimed_until BIGINT,
      last_started_at BIGINT,
      last_finished_at BIGINT,
      last_error TEXT,
      runs BIGINT NOT NULL DEFAULT 0
    )`,
  ],
}
