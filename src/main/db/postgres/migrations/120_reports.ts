import type { Migration } from '../../migrate'
import {
  WATCHED,
  derivedTables,
  REPORT_KEY_COLUMNS,
  reportDerivedFill,
  reportFill,
  rollupStatements,
} from '../../migrations/120_reports'

/**
 * SQLite's 120_reports: `leads.unsold_reason` and the hourly rollup `report_hourly`, kept by
 * triggers with the same names. The rollup key and the reasons are the same SQL on both (integer
 * division, CASE, coalesce); only JSON reads and the trigger bodies differ. Writers that change
 * leads of one hour, source, type and status queue on that rollup row until they commit, as they
 * already do on `lead_status_counts`.
 */

const CHECK_RANK = `CASE b.value ->> 'check'
  WHEN 'scope' THEN 20 WHEN 'filters' THEN 30 WHEN 'schedule' THEN 40
  WHEN 'cap_month' THEN 50 WHEN 'cap_week' THEN 51 WHEN 'cap_day' THEN 52
  WHEN 'budget_month' THEN 60 WHEN 'budget_day' THEN 61 WHEN 'wallet' THEN 70 ELSE 10 END`

const RANK_REASON = (rank: string): string => `CASE
  WHEN ${rank} IS NULL OR ${rank} < 20 THEN 'no_matching_bid'
  WHEN ${rank} < 30 THEN 'geo_scope' WHEN ${rank} < 40 THEN 'filters' WHEN ${rank} < 50 THEN 'outside_schedule'
  WHEN ${rank} < 52 THEN 'period_cap' WHEN ${rank} < 60 THEN 'daily_cap' WHEN ${rank} < 70 THEN 'budget_exhausted'
  ELSE 'wallet_too_low' END`

const PARTNER_REASON = `CASE p.data::jsonb ->> 'outcome'
  WHEN 'below_min' THEN 'below_floor'
  WHEN 'timeout' THEN 'partner_failed' WHEN 'error' THEN 'partner_failed'
  WHEN 'malformed' THEN 'partner_failed' WHEN 'unknown' THEN 'partner_failed'
  ELSE 'partner_declined' END`

/** SQLite's `sqliteUnsoldReason`, with PostgreSQL's JSON operators. */
export function postgresUnsoldReason(u: string): string {
  return `CASE
    WHEN ${u}.message LIKE 'Unsold at the floor%' THEN 'below_floor'
    WHEN ${u}.message LIKE 'Reverse auction closed%' THEN 'reverse_unfilled'
    WHEN ${u}.message LIKE 'Rejected in audit%' THEN 'audit_rejected'
    WHEN ${u}.message LIKE 'Unassigned: no distribution plan%' OR ${u}.message LIKE 'Unassigned: the plan has no%'
      THEN 'no_plan'
    ELSE coalesce((
      SELECT CASE e.kind
        WHEN 'no_bids' THEN 'no_matching_bid'
        WHEN 'bids' THEN (SELECT ${RANK_REASON('max(' + CHECK_RANK + ')')}
          FROM jsonb_array_elements(CASE WHEN jsonb_typeof(e.data::jsonb -> 'bids') = 'array'
            THEN e.data::jsonb -> 'bids' ELSE '[]'::jsonb END) b)
        ELSE coalesce((
          SELECT ${PARTNER_REASON} FROM lead_events p
          WHERE p.lead_id = ${u}.lead_id AND p.id <= e.id AND p.kind = 'partner'
            AND p.data::jsonb ->> 'outcome' IS NOT NULL
          ORDER BY p.id DESC LIMIT 1), 'partner_declined')
      END
      FROM lead_events e
      WHERE e.lead_id = ${u}.lead_id AND e.id < ${u}.id AND e.kind IN ('bids', 'no_bids', 'partner')
      ORDER BY e.id DESC LIMIT 1), 'other')
  END`
}

export const postgresReasonFill = `UPDATE leads SET unsold_reason = (
    SELECT ${postgresUnsoldReason('u')} FROM lead_events u
    WHERE u.lead_id = leads.id AND u.kind = 'unassigned' ORDER BY u.id DESC LIMIT 1)
  WHERE status = 'Unassigned'`

export const reports: Migration = {
  name: '120_reports',
  statements: [
    `ALTER TABLE leads ADD COLUMN unsold_reason TEXT`,
    postgresReasonFill,
    `CREATE INDEX leads_unsold_reason ON leads(unsold_reason, created_at) WHERE unsold_reason IS NOT NULL`,
    `CREATE TABLE report_hourly (
      hour BIGINT NOT NULL,
      source_id BIGINT NOT NULL,
      category_id BIGINT NOT NULL,
      lead_type_id BIGINT NOT NULL,
      customer_id BIGINT NOT NULL,
      partner_id BIGINT NOT NULL,
      status TEXT NOT NULL,
      reason TEXT NOT NULL,
      n BIGINT NOT NULL,
      charged_cents BIGINT NOT NULL,
      cost_cents BIGINT NOT NULL,
      PRIMARY KEY (${REPORT_KEY_COLUMNS})
    )`,
    reportFill,
    ...derivedTables('BIGINT', ''),
    ...reportDerivedFill,
    `CREATE FUNCTION report_hourly_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${rollupStatements('NEW', 1, true)}
      RETURN NULL;
    END $$`,
    `CREATE FUNCTION report_hourly_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${rollupStatements('OLD', -1, true)}
      RETURN NULL;
    END $$`,
    `CREATE FUNCTION report_hourly_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${rollupStatements('OLD', -1, true)}
      ${rollupStatements('NEW', 1, true)}
      RETURN NULL;
    END $$`,
    `CREATE TRIGGER report_hourly_insert AFTER INSERT ON leads
      FOR EACH ROW EXECUTE FUNCTION report_hourly_add()`,
    `CREATE TRIGGER report_hourly_delete AFTER DELETE ON leads
      FOR EACH ROW EXECUTE FUNCTION report_hourly_remove()`,
    `CREATE TRIGGER report_hourly_update AFTER UPDATE OF ${WATCHED.join(', ')} ON leads
      FOR EACH ROW WHEN (${WATCHED.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ')})
      EXECUTE FUNCTION report_hourly_move()`,
    `CREATE FUNCTION leads_unsold_reason() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE leads SET unsold_reason = ${postgresUnsoldReason('NEW')} WHERE id = NEW.lead_id;
      RETURN NULL;
    END $$`,
    `CREATE TRIGGER leads_unsold_reason AFTER INSERT ON lead_events
      FOR EACH ROW WHEN (NEW.kind = 'unassigned') EXECUTE FUNCTION leads_unsold_reason()`,
    `UPDATE roles SET permissions = (permissions::jsonb || '["reports.view"]'::jsonb)::text
      WHERE builtin = 1 AND name IN ('Admin', 'Manager')
        AND NOT permissions::jsonb @> '["reports.view"]'::jsonb`,
  ],
}
