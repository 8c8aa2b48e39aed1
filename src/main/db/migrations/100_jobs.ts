import type { Migration } from '../migrate'

/**
 * Background work that must run once however many processes serve the database (auction ticks,
 * delivery retries, withheld release, resume of abandoned leads). A process runs a job only after
 * claiming its row with a guarded UPDATE (due, and no live claim); a claim is a lease, so the
 * work of a process that died is taken over when its lease ends.
 */
export const jobs: Migration = {
  name: '100_jobs',
  statements: [
    `CREATE TABLE jobs (
      name TEXT PRIMARY KEY,
      due_at INTEGER NOT NULL,
      claimed_by TEXT,
      claimed_until INTEGER,
      last_started_at INTEGER,
      last_finished_at INTEGER,
      last_error TEXT,
      runs INTEGER NOT NULL DEFAULT 0
    )`,
  ],
}
