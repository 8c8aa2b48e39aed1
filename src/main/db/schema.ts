import type { Generated } from 'kysely'

/** Table types of the workspace database. Booleans are 0/1, times epoch ms, money cents, JSON as text. */
type Id = Generated<number>
type Bool = number
type Json = string

export interface SettingsTable {
  key: string
  value: Json
}
export interface RolesTable {
  id: Id
  name: string
  permissions: Json
  builtin: Generated<Bool>
}
export interface UsersTable {
  id: Id
  name: string
  email: string
  role_id: number
  password_hash: string
  active: Generated<Bool>
  created_at: number
  last_login_at: number | null
}
export interface SessionsTable {
  token_hash: string
  user_id: number
  created_at: number
  expires_at: number
}
export interface DistributionPlansTable {
  id: Id
  name: string
  stages: Json
  created_at: number
  updated_at: number
}
export interface CategoriesTable {
  id: Id
  slug: string
  name: string
  archived: Generated<Bool>
  match_conditions: Json | null
  duplicate_rule: Generated<Json>
  audit_rule: Generated<Json>
  default_plan_id: number | null
  created_at: number
  updated_at: number
}
export interface FieldsTable {
  id: Id
  category_id: number
  key: string
  label: string
  type: string
  required: Generated<Bool>
  required_for_ping: Generated<Bool>
  deliverable: Generated<Bool>
  standard: Generated<Bool>
  validation: Generated<Json>
  position: Generated<number>
}
export interface LeadTypesTable {
  id: Id
  category_id: number
  name: string
  priority: Generated<number>
  conditions: Json | null
  is_fallback: Generated<Bool>
  plan_id: number | null
  active: Generated<Bool>
  created_at: number
  updated_at: number
}
export interface SourcesTable {
  id: Id
  name: string
  api_key_hash: string
  api_key_hint: string
  default_category_id: number | null
  field_aliases: Generated<string>
  cost_per_lead_cents: Generated<number>
  active: Generated<Bool>
  created_at: number
}
export interface CustomersTable {
  id: Id
  name: string
  email: string | null
  phone: string | null
  company: string | null
  delivery: Generated<Json>
  balance_cents: Generated<number>
  low_balance_cents: Generated<number>
  active: Generated<Bool>
  created_at: number
}
export interface PartnersTable {
  id: Id
  name: string
  ping_url: string | null
  post_url: string
  method: Generated<string>
  headers: Generated<Json>
  mapping: Generated<Json>
  /** The request template (PartnerRequest); NULL for a partner saved before templates existed. */
  request: Generated<Json | null>
  response: Generated<Json>
  timeout_ms: Generated<number>
  min_price_cents: Generated<number>
  active: Generated<Bool>
  created_at: number
}
export interface BidsTable {
  id: Id
  customer_id: number
  lead_type_id: number
  price_cents: number
  scope: Generated<Json>
  filters: Json | null
  cap_day: number | null
  cap_week: number | null
  cap_month: number | null
  budget_day_cents: number | null
  budget_month_cents: number | null
  schedule: Json | null
  priority: Generated<number>
  active: Generated<Bool>
  created_at: number
  updated_at: number
}
export interface BuyOrdersTable {
  id: Id
  customer_id: number
  lead_type_id: number
  filters: Json | null
  max_price_cents: number
  active: Generated<Bool>
  created_at: number
}
export interface ImportBatchesTable {
  id: Id
  customer_id: number | null
  category_id: number | null
  file_name: string
  rows_total: Generated<number>
  rows_imported: Generated<number>
  rows_rejected: Generated<number>
  rows_duplicate: Generated<number>
  upload_id: string | null
  file_hash: string | null
  user_id: number | null
  created_at: number
}
export interface LeadsTable {
  id: Id
  uuid: string
  status: string
  first_name: string | null
  last_name: string | null
  email: string | null
  phone: string | null
  address: string | null
  city: string | null
  county: string | null
  state: string | null
  zip: string | null
  details: Generated<Json>
  source_id: number | null
  category_id: number | null
  lead_type_id: number | null
  customer_id: number | null
  bid_id: number | null
  partner_id: number | null
  charged_cents: number | null
  cost_cents: number | null
  ping_record_id: number | null
  post_record_id: number | null
  import_batch_id: number | null
  idempotency_key: string | null
  delivery_status: string | null
  return_reason: string | null
  returned_at: number | null
  assigned_at: number | null
  created_at: number
  updated_at: number
  /** 010: when the lead passed the subscription threshold step. */
  processed_at: number | null
  /** 010: 'pipeline' | 'plan' while a Pending lead must be resumed at start-up. */
  resume_from: string | null
  /** 052: the consumer's IP address and user agent (sent by the source, else the intake request's). */
  client_ip: Generated<string | null>
  user_agent: Generated<string | null>
  /** 120: why an Unassigned lead did not sell (from its trace; see migration 120_reports). */
  unsold_reason: Generated<string | null>
}
export interface LeadsFtsTable {
  rowid: number
  leads_fts: string
  first_name: string | null
  last_name: string | null
  email: string | null
  phone: string | null
}
export interface LeadEventsTable {
  id: Id
  lead_id: number
  at: number
  stage: string
  kind: string
  message: string
  data: Json | null
}
export interface WalletTransactionsTable {
  id: Id
  customer_id: number
  kind: 'deposit' | 'charge' | 'credit' | 'adjustment'
  amount_cents: number
  lead_id: number | null
  user_id: number | null
  reason: string | null
  created_at: number
}
/** 060: a partner's sales and returns; revenue is the sum. */
export interface PartnerLedgerTable {
  id: Id
  partner_id: number | null
  lead_id: number | null
  kind: 'sale' | 'return'
  amount_cents: number
  user_id: number | null
  reason: string | null
  created_at: number
}
export interface PingpostRecordsTable {
  id: Id
  public_id: string
  direction: 'inbound' | 'outbound'
  kind: 'ping' | 'post'
  lead_id: number | null
  partner_id: number | null
  source_id: number | null
  bid_id: number | null
  url: string | null
  payload: Json | null
  /** Outbound: the exact request sent ({method, url, headers, body}); NULL before 090 and inbound. */
  request: Generated<Json | null>
  response: string | null
  status_code: number | null
  price_cents: number | null
  latency_ms: number | null
  outcome: string
  reference: string | null
  expires_at: number | null
  created_at: number
}
export interface MarketplaceListingsTable {
  id: Id
  lead_id: number
  kind: 'auction' | 'reverse'
  status: Generated<string>
  customer_id: number | null
  start_price_cents: number | null
  floor_price_cents: number | null
  decrement_cents: number | null
  interval_ms: number | null
  direct_post_partner_id: number | null
  opened_at: number
  closes_at: number | null
  closed_at: number | null
  winner_customer_id: number | null
  winner_source_id: number | null
  price_cents: number | null
}
export interface ReverseOffersTable {
  id: Id
  listing_id: number
  source_id: number | null
  user_id: number | null
  price_cents: number
  note: string | null
  created_at: number
}
export interface DeliveriesTable {
  id: Id
  lead_id: number
  customer_id: number | null
  attempt: number
  url: string | null
  request: string | null
  response: string | null
  status_code: number | null
  latency_ms: number | null
  ok: Generated<Bool>
  error: string | null
  created_at: number
}
export interface AuditLogTable {
  id: Id
  user_id: number | null
  user_name: string | null
  action: string
  target_type: string
  target_id: string | null
  summary: string | null
  before: Json | null
  after: Json | null
  at: number
}

export interface LeadStatusCountsTable {
  status: string
  n: number
}

/** 120: leads and money per UTC hour of arrival and dimension, kept by triggers on leads. */
export interface ReportHourlyTable {
  hour: number
  source_id: number
  category_id: number
  lead_type_id: number
  customer_id: number
  partner_id: number
  status: string
  reason: string
  n: number
  charged_cents: number
  cost_cents: number
}

/** 120: leads and money per UTC hour × status × unsold reason (totals, volume, reasons). */
export interface ReportHourlyStatusTable {
  hour: number
  status: string
  reason: string
  n: number
  charged_cents: number
  cost_cents: number
}
/** 120: leads per UTC day × one dimension (dim 1-5: source … partner), with the sold and returned. */
export interface ReportDailyTable {
  dim: number
  day: number
  id: number
  n: number
  sold: number
  returned: number
  revenue_cents: number
}

/** 050: failed sign-ins per `email:<address>` and `ip:<address>`. */
export interface SignInThrottleTable {
  key: string
  failures: number
  last_failure_at: number
  locked_until: number | null
}
/** Background work claimed by one process at a time (see migration 100_jobs). */
export interface JobsTable {
  name: string
  due_at: number
  claimed_by: string | null
  claimed_until: number | null
  last_started_at: number | null
  last_finished_at: number | null
  last_error: string | null
  runs: Generated<number>
}
/** 105: what each bid took in its current day, week and month (see migration 105_usage_counters). */
export interface BidUsageTable {
  bid_id: number
  day_from: number
  day_leads: number
  day_cents: number
  week_from: number
  week_leads: number
  month_from: number
  month_leads: number
  month_cents: number
}
/** 105: leads processed per billing period while a subscription threshold is set. */
export interface SubscriptionUsageTable {
  period_start: number
  processed: number
}
/** 130: decisions taken on leads in Audit, under their deciding client's id. */
export interface AuditDecisionsTable {
  id: string
  lead_id: number
  decision: 'approve' | 'reject'
  reason: string | null
  user_id: number | null
  user_name: string
  decided_at: number
}
/** Webhook attempts owed, one row per lead, claimed by one process at a time (see migration 110_delivery_queue). */
export interface DeliveryQueueTable {
  lead_id: number
  /** Attempt number within the round (1 = the first try after the assignment or a re-send). */
  round: number
  /** Which round; a re-send starts the next one. */
  generation: number
  due_at: number
  claimed_by: string | null
  claimed_until: number | null
}
export interface DB {
  jobs: JobsTable
  delivery_queue: DeliveryQueueTable
  audit_decisions: AuditDecisionsTable
  bid_usage: BidUsageTable
  subscription_usage: SubscriptionUsageTable
  sign_in_throttle: SignInThrottleTable
  settings: SettingsTable
  roles: RolesTable
  users: UsersTable
  sessions: SessionsTable
  distribution_plans: DistributionPlansTable
  categories: CategoriesTable
  fields: FieldsTable
  lead_types: LeadTypesTable
  sources: SourcesTable
  customers: CustomersTable
  partners: PartnersTable
  bids: BidsTable
  buy_orders: BuyOrdersTable
  import_batches: ImportBatchesTable
  leads: LeadsTable
  leads_fts: LeadsFtsTable
  lead_status_counts: LeadStatusCountsTable
  report_hourly: ReportHourlyTable
  report_hourly_status: ReportHourlyStatusTable
  report_daily: ReportDailyTable
  lead_events: LeadEventsTable
  wallet_transactions: WalletTransactionsTable
  pingpost_records: PingpostRecordsTable
  partner_ledger: PartnerLedgerTable
  marketplace_listings: MarketplaceListingsTable
  reverse_offers: ReverseOffersTable
  deliveries: DeliveriesTable
  audit_log: AuditLogTable
}
