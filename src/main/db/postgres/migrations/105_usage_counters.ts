import type { Migration } from '../../migrate'

/**
 * The PostgreSQL twin of SQLite's 105_usage_counters: bid and subscription usage moved by guarded
 * UPDATEs, and given back by a trigger when a lead leaves Assigned.
 */
export const usageCounters: Migration = {
  name: '105_usage_counters',
  statements: [
    `CREATE TABLE bid_usage (
      bid_id BIGINT PRIMARY KEY REFERENCES bids(id) ON DELETE CASCADE,
      day_from BIGINT NOT NULL,
      day_leads BIGINT NOT NULL,
      day_cents BIGINT NOT NULL,
      week_from BIGINT NOT NULL,
      week_leads BIGINT NOT NULL,
      month_from BIGINT NOT NULL,
      month_leads BIGINT NOT NULL,
      month_cents BIGINT NOT NULL
    )`,
    `CREATE TABLE subscription_usage (
      period_start BIGINT PRIMARY KEY,
      processed BIGINT NOT NULL
    )`,
    `CREATE FUNCTION bid_usage_give_back() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE bid_usage SET
        day_leads = day_leads - (OLD.assigned_at >= day_from)::int,
        day_cents = day_cents - (OLD.assigned_at >= day_from)::int * coalesce(OLD.charged_cents, 0),
        week_leads = week_leads - (OLD.assigned_at >= week_from)::int,
        month_leads = month_leads - (OLD.assigned_at >= month_from)::int,
        month_cents = month_cents - (OLD.assigned_at >= month_from)::int * coalesce(OLD.charged_cents, 0)
      WHERE bid_id = OLD.bid_id;
      RETURN NULL;
    END $$`,
    `CREATE TRIGGER bid_usage_unassigned AFTER UPDATE OF status ON leads
      FOR EACH ROW WHEN (OLD.status = 'Assigned' AND NEW.status IS DISTINCT FROM 'Assigned' AND OLD.bid_id IS NOT NULL AND OLD.assigned_at IS NOT NULL)
      EXECUTE FUNCTION bid_usage_give_back()`,
    `CREATE TRIGGER bid_usage_deleted AFTER DELETE ON leads
      FOR EACH ROW WHEN (OLD.status = 'Assigned' AND OLD.bid_id IS NOT NULL AND OLD.assigned_at IS NOT NULL)
      EXECUTE FUNCTION bid_usage_give_back()`,
  ],
}
