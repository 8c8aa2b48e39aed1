import type { Migration } from '../migrate'

/**
 * Usage kept in the database, so every process that assigns leads reads and moves the same numbers.
 *
 * `bid_usage`: what each bid took in its current day, ISO week and month (Assigned leads; returned
 * ones are taken back). Each period remembers when it starts, in the bid's own time zone, so the
 * engine moves a counter with one guarded UPDATE (`... WHERE day_leads < cap`) that also starts a new
 * period. Rows are seeded from the assignments when the engine first needs them.
 *
 * `subscription_usage`: leads processed in a billing period, moved by a guarded UPDATE while a
 * subscription threshold is set.
 *
 * A lead leaving Assigned (returned, deleted, reprocessed) gives its bid's counters back through the
 * triggers, whoever changed it; only periods it was counted in move.
 */
/** A lead that leaves Assigned takes itself out of the periods it was counted in. */
const GIVE_BACK = `UPDATE bid_usage SET
        day_leads = day_leads - (old.assigned_at >= day_from),
        day_cents = day_cents - (old.assigned_at >= day_from) * coalesce(old.charged_cents, 0),
        week_leads = week_leads - (old.assigned_at >= week_from),
        month_leads = month_leads - (old.assigned_at >= month_from),
        month_cents = month_cents - (old.assigned_at >= month_from) * coalesce(old.charged_cents, 0)
      WHERE bid_id = old.bid_id;`

export const usageCounters: Migration = {
  name: '105_usage_counters',
  statements: [
    `CREATE TABLE bid_usage (
      bid_id INTEGER PRIMARY KEY REFERENCES bids(id) ON DELETE CASCADE,
      day_from INTEGER NOT NULL,
      day_leads INTEGER NOT NULL,
      day_cents INTEGER NOT NULL,
      week_from INTEGER NOT NULL,
      week_leads INTEGER NOT NULL,
      month_from INTEGER NOT NULL,
      month_leads INTEGER NOT NULL,
      month_cents INTEGER NOT NULL
    )`,
    `CREATE TABLE subscription_usage (
      period_start INTEGER PRIMARY KEY,
      processed INTEGER NOT NULL
    )`,
    `CREATE TRIGGER bid_usage_unassigned AFTER UPDATE OF status ON leads
      WHEN old.status = 'Assigned' AND new.status IS NOT 'Assigned' AND old.bid_id IS NOT NULL AND old.assigned_at IS NOT NULL BEGIN
      ${GIVE_BACK}
    END`,
    `CREATE TRIGGER bid_usage_deleted AFTER DELETE ON leads
      WHEN old.status = 'Assigned' AND old.bid_id IS NOT NULL AND old.assigned_at IS NOT NULL BEGIN
      ${GIVE_BACK}
    END`,
  ],
}
