import type { Migration } from '../migrate'

/**
 * Webhook deliveries owed, one row per lead, so that every process serving the database sends
 * each attempt once and a retry outlives the process that scheduled it. `round` is the attempt
 * number within the current round, `generation` which round (a re-send starts a new one); a
 * process sends an attempt only after claiming its row with a guarded UPDATE, as a lease
 * (`claimed_by`, `claimed_until`) that another process takes over once it ends. The row goes once
 * the delivery is done (delivered or failed). Leads already pending are due at once.
 */
export const deliveryQueue: Migration = {
  name: '110_delivery_queue',
  statements: [
    `CREATE TABLE delivery_queue (
      lead_id INTEGER PRIMARY KEY REFERENCES leads(id) ON DELETE CASCADE,
      round INTEGER NOT NULL,
      generation INTEGER NOT NULL,
      due_at INTEGER NOT NULL,
      claimed_by TEXT,
      claimed_until INTEGER
    )`,
    `CREATE INDEX delivery_queue_due ON delivery_queue(due_at)`,
    `INSERT INTO delivery_queue (lead_id, round, generation, due_at)
      SELECT id, 1, 1, 0 FROM leads WHERE delivery_status = 'pending'`,
  ],
}
