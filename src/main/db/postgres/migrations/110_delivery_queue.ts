import type { Migration } from '../../migrate'

/** The PostgreSQL twin of SQLite's 110_delivery_queue: webhook attempts owed, claimed once across servers. */
export const deliveryQueue: Migration = {
  name: '110_delivery_queue',
  statements: [
    `CREATE TABLE delivery_queue (
      lead_id BIGINT PRIMARY KEY REFERENCES leads(id) ON DELETE CASCADE,
      round BIGINT NOT NULL,
      generation BIGINT NOT NULL,
      due_at BIGINT NOT NULL,
      claimed_by TEXT,
      claimed_until BIGINT
    )`,
    `CREATE INDEX delivery_queue_due ON delivery_queue(due_at)`,
    `INSERT INTO delivery_queue (lead_id, round, generation, due_at)
      SELECT id, 1, 1, 0 FROM leads WHERE delivery_status = 'pending'`,
  ],
}
