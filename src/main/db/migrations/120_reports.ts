import type { Migration } from '../migrate'

/**
 * The reports' rollups, kept by triggers so that they change in the same transaction as the leads
 * whatever writes them (the engine, operator actions, imports, deletes, a workspace copy):
 *
 * - `leads.unsold_reason`: why an Unassigned lead did not sell, read from its decision trace when
 *   the `unassigned` event is written (the other unsold statuses are their own reason);
 * - `report_hourly`: leads, charges and payouts per UTC hour of arrival × source × category ×
 *   lead type × customer × partner × status × unsold reason. Ids are 0 where the lead has none,
 *   so the key has no NULLs. Rows that fall to zero stay (a rebuild drops them). On a busy
 *   workspace it has nearly a row per lead, so the dashboard reads two smaller ones:
 * - `report_hourly_status`: the same per hour × status × reason (totals, volume, reasons);
 * - `report_daily`: per UTC day × one dimension (source, category, lead type, customer, partner):
 *   leads, sold (Assigned, Posted), returned and the revenue of the sold (the tables; the hours at
 *   the edges of a period come from `report_hourly`).
 *
 * The SQL builders are exported for the rebuild command (`npm run reports -- rebuild`), which
 * must produce exactly what these triggers keep.
 */

/** Rank of a failed bid check: the furthest check any bid reached decides the reason. */
const CHECK_RANK = `CASE json_extract(b.value, '$.check')
  WHEN 'scope' THEN 20 WHEN 'filters' THEN 30 WHEN 'schedule' THEN 40
  WHEN 'cap_month' THEN 50 WHEN 'cap_week' THEN 51 WHEN 'cap_day' THEN 52
  WHEN 'budget_month' THEN 60 WHEN 'budget_day' THEN 61 WHEN 'wallet' THEN 70 ELSE 10 END`

const RANK_REASON = (rank: string): string => `CASE
  WHEN ${rank} IS NULL OR ${rank} < 20 THEN 'no_matching_bid'
  WHEN ${rank} < 30 THEN 'geo_scope' WHEN ${rank} < 40 THEN 'filters' WHEN ${rank} < 50 THEN 'outside_schedule'
  WHEN ${rank} < 52 THEN 'period_cap' WHEN ${rank} < 60 THEN 'daily_cap' WHEN ${rank} < 70 THEN 'budget_exhausted'
  ELSE 'wallet_too_low' END`

const PARTNER_REASON = `CASE json_extract(p.data, '$.outcome')
  WHEN 'below_min' THEN 'below_floor'
  WHEN 'timeout' THEN 'partner_failed' WHEN 'error' THEN 'partner_failed'
  WHEN 'malformed' THEN 'partner_failed' WHEN 'unknown' THEN 'partner_failed'
  ELSE 'partner_declined' END`

/**
 * The reason of an `unassigned` event `u` (columns lead_id, id, stage, message): the marketplace's
 * floor, a plan with nothing to run, an audit rejection, else the last stage that tried before it
 * (bidding: the furthest check any bid failed; ping/post: the last partner's answer).
 */
export function sqliteUnsoldReason(u: string): string {
  return `CASE
    WHEN ${u}.message LIKE 'Unsold at the floor%' THEN 'below_floor'
    WHEN ${u}.message LIKE 'Reverse auction closed%' THEN 'reverse_unfilled'
    WHEN ${u}.message LIKE 'Rejected in audit%' THEN 'audit_rejected'
    WHEN ${u}.message LIKE 'Unassigned: no distribution plan%' OR ${u}.message LIKE 'Unassigned: the plan has no%'
      THEN 'no_plan'
    ELSE coalesce((
      SELECT CASE e.kind
        WHEN 'no_bids' THEN 'no_matching_bid'
        WHEN 'bids' THEN (SELECT ${RANK_REASON('max(' + CHECK_RANK + ')')} FROM json_each(e.data, '$.bids') b)
        ELSE coalesce((
          SELECT ${PARTNER_REASON} FROM lead_events p
          WHERE p.lead_id = ${u}.lead_id AND p.id <= e.id AND p.kind = 'partner'
            AND json_extract(p.data, '$.outcome') IS NOT NULL
          ORDER BY p.id DESC LIMIT 1), 'partner_declined')
      END
      FROM lead_events e
      WHERE e.lead_id = ${u}.lead_id AND e.id < ${u}.id AND e.kind IN ('bids', 'no_bids', 'partner')
      ORDER BY e.id DESC LIMIT 1), 'other')
  END`
}

/** The rollup's reason for a lead row `r`: its own for Unassigned, the status for the other unsold ones. */
export function reportReason(r: string): string {
  return `CASE ${r}.status
    WHEN 'Unassigned' THEN coalesce(${r}.unsold_reason, 'other')
    WHEN 'Duplicate' THEN 'duplicate' WHEN 'Audit' THEN 'audit' WHEN 'Withheld' THEN 'withheld'
    WHEN 'Uncategorized' THEN 'uncategorized' WHEN 'Distribution Error' THEN 'error'
    ELSE '' END`
}

/** The rollup key of a lead row `r`, in the column order of `report_hourly`. */
export function reportKey(r: string): string {
  return reportKeyParts(r).join(', ')
}

export function reportKeyParts(r: string): string[] {
  return [
    `${r}.created_at / 3600000`,
    `coalesce(${r}.source_id, 0)`,
    `coalesce(${r}.category_id, 0)`,
    `coalesce(${r}.lead_type_id, 0)`,
    `coalesce(${r}.customer_id, 0)`,
    `coalesce(${r}.partner_id, 0)`,
    `${r}.status`,
    reportReason(r),
  ]
}

export const REPORT_KEY_COLUMNS = 'hour, source_id, category_id, lead_type_id, customer_id, partner_id, status, reason'

/** Fills `report_hourly` from the leads (the table must be empty). */
export const reportFill = `INSERT INTO report_hourly (${REPORT_KEY_COLUMNS}, n, charged_cents, cost_cents)
  SELECT ${reportKey('leads')}, count(*), sum(coalesce(charged_cents, 0)), sum(coalesce(cost_cents, 0))
  FROM leads GROUP BY ${reportKey('leads')}`

/**
 * The dimensions of `report_daily`, by code: the tables of the dashboard read one dimension over
 * whole UTC days from it (and the hours at the edges of their period from `report_hourly`).
 */
export const REPORT_DIMENSION_CODES = {
  source_id: 1,
  category_id: 2,
  lead_type_id: 3,
  customer_id: 4,
  partner_id: 5,
} as const

/** 1 for a lead sold (Assigned, Posted) or returned, else 0: `report_daily` counts them in columns. */
const SOLD = `(CASE WHEN status IN ('Assigned', 'Posted') THEN 1 ELSE 0 END)`
const RETURNED = `(CASE WHEN status = 'Returned' THEN 1 ELSE 0 END)`

/** `report_hourly_status` and `report_daily` filled from `report_hourly` (both must be empty). */
export const reportDerivedFill: readonly string[] = [
  `INSERT INTO report_hourly_status (hour, status, reason, n, charged_cents, cost_cents)
    SELECT hour, status, reason, sum(n), sum(charged_cents), sum(cost_cents) FROM report_hourly
    GROUP BY hour, status, reason`,
  ...Object.entries(REPORT_DIMENSION_CODES).map(
    ([column, code]) => `INSERT INTO report_daily (dim, day, id, n, sold, returned, revenue_cents)
    SELECT ${code}, hour / 24, ${column}, sum(n), sum(${SOLD} * n), sum(${RETURNED} * n), sum(${SOLD} * charged_cents)
    FROM report_hourly GROUP BY hour / 24, ${column}`,
  ),
]

/** Sets the reason of every Unassigned lead from its last `unassigned` event. */
export const sqliteReasonFill = `UPDATE leads SET unsold_reason = (
    SELECT ${sqliteUnsoldReason('u')} FROM lead_events u
    WHERE u.lead_id = leads.id AND u.kind = 'unassigned' ORDER BY u.id DESC LIMIT 1)
  WHERE status = 'Unassigned'`

/** `SET n = n + excluded.n, …`: PostgreSQL names the target table in an upsert's SET. */
function addUp(table: string, columns: readonly string[], pg: boolean): string {
  return columns.map((c) => `${c} = ${pg ? `${table}.` : ''}${c} + ${pg ? 'EXCLUDED' : 'excluded'}.${c}`).join(', ')
}

/**
 * The statements a trigger runs to add a lead row `r` to the rollups (`sign` 1) or take it out
 * (`sign` -1): the detailed row, the hour's status row, one daily row per dimension.
 */
export function rollupStatements(r: string, sign: 1 | -1, pg: boolean): string {
  const charged = `${sign} * coalesce(${r}.charged_cents, 0)`
  const cost = `${sign} * coalesce(${r}.cost_cents, 0)`
  const day = `${r}.created_at / 86400000`
  const isSold = `${r}.status IN ('Assigned', 'Posted')`
  const sold = `(CASE WHEN ${isSold} THEN ${sign} ELSE 0 END)`
  const returned = `(CASE WHEN ${r}.status = 'Returned' THEN ${sign} ELSE 0 END)`
  const revenue = `(CASE WHEN ${isSold} THEN ${charged} ELSE 0 END)`
  const detailed =
    sign === 1
      ? `INSERT INTO report_hourly (${REPORT_KEY_COLUMNS}, n, charged_cents, cost_cents)
      VALUES (${reportKey(r)}, 1, ${charged}, ${cost})
      ON CONFLICT (${REPORT_KEY_COLUMNS}) DO UPDATE SET ${addUp('report_hourly', ['n', 'charged_cents', 'cost_cents'], pg)};`
      : `UPDATE report_hourly SET n = n - 1, charged_cents = charged_cents + ${charged}, cost_cents = cost_cents + ${cost}
      WHERE (${REPORT_KEY_COLUMNS}) = (${reportKey(r)});`
  return `${detailed}
      INSERT INTO report_hourly_status (hour, status, reason, n, charged_cents, cost_cents)
      VALUES (${r}.created_at / 3600000, ${r}.status, ${reportReason(r)}, ${sign}, ${charged}, ${cost})
      ON CONFLICT (hour, status, reason) DO UPDATE SET ${addUp('report_hourly_status', ['n', 'charged_cents', 'cost_cents'], pg)};
      INSERT INTO report_daily (dim, day, id, n, sold, returned, revenue_cents) VALUES
        ${Object.entries(REPORT_DIMENSION_CODES)
          .map(
            ([column, code]) =>
              `(${code}, ${day}, coalesce(${r}.${column}, 0), ${sign}, ${sold}, ${returned}, ${revenue})`,
          )
          .join(', ')}
      ON CONFLICT (dim, day, id) DO UPDATE SET ${addUp('report_daily', ['n', 'sold', 'returned', 'revenue_cents'], pg)};`
}

/** The two small rollups, the same columns on both dialects (`int` = INTEGER or BIGINT). */
export function derivedTables(int: string, suffix: string): string[] {
  return [
    `CREATE TABLE report_hourly_status (
      hour ${int} NOT NULL,
      status TEXT NOT NULL,
      reason TEXT NOT NULL,
      n ${int} NOT NULL,
      charged_cents ${int} NOT NULL,
      cost_cents ${int} NOT NULL,
      PRIMARY KEY (hour, status, reason)
    )${suffix}`,
    `CREATE TABLE report_daily (
      dim ${int} NOT NULL,
      day ${int} NOT NULL,
      id ${int} NOT NULL,
      n ${int} NOT NULL,
      sold ${int} NOT NULL,
      returned ${int} NOT NULL,
      revenue_cents ${int} NOT NULL,
      PRIMARY KEY (dim, day, id)
    )${suffix}`,
  ]
}

/** The lead columns the rollup reads: an UPDATE that sets none of them costs nothing. */
export const WATCHED = [
  'status',
  'created_at',
  'source_id',
  'category_id',
  'lead_type_id',
  'customer_id',
  'partner_id',
  'charged_cents',
  'cost_cents',
  'unsold_reason',
]

export const reports: Migration = {
  name: '120_reports',
  statements: [
    `ALTER TABLE leads ADD COLUMN unsold_reason TEXT`,
    sqliteReasonFill,
    `CREATE INDEX leads_unsold_reason ON leads(unsold_reason, created_at) WHERE unsold_reason IS NOT NULL`,
    `CREATE TABLE report_hourly (
      hour INTEGER NOT NULL,
      source_id INTEGER NOT NULL,
      category_id INTEGER NOT NULL,
      lead_type_id INTEGER NOT NULL,
      customer_id INTEGER NOT NULL,
      partner_id INTEGER NOT NULL,
      status TEXT NOT NULL,
      reason TEXT NOT NULL,
      n INTEGER NOT NULL,
      charged_cents INTEGER NOT NULL,
      cost_cents INTEGER NOT NULL,
      PRIMARY KEY (${REPORT_KEY_COLUMNS})
    ) WITHOUT ROWID`,
    reportFill,
    ...derivedTables('INTEGER', ' WITHOUT ROWID'),
    ...reportDerivedFill,
    `CREATE TRIGGER report_hourly_insert AFTER INSERT ON leads BEGIN
      ${rollupStatements('new', 1, false)}
    END`,
    `CREATE TRIGGER report_hourly_delete AFTER DELETE ON leads BEGIN
      ${rollupStatements('old', -1, false)}
    END`,
    `CREATE TRIGGER report_hourly_update AFTER UPDATE OF ${WATCHED.join(', ')} ON leads
      WHEN ${WATCHED.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')} BEGIN
      ${rollupStatements('old', -1, false)}
      ${rollupStatements('new', 1, false)}
    END`,
    `CREATE TRIGGER leads_unsold_reason AFTER INSERT ON lead_events WHEN new.kind = 'unassigned' BEGIN
      UPDATE leads SET unsold_reason = ${sqliteUnsoldReason('new')} WHERE id = new.lead_id;
    END`,
    // The built-in roles that see the money (Admin, Manager) open on the dashboard.
    `UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'reports.view')
      WHERE builtin = 1 AND name IN ('Admin', 'Manager')
        AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'reports.view')`,
  ],
}
