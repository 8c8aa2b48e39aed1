import type { LeadStatus } from './lead'

/**
 * Why a lead did not sell. An Unassigned lead's reason is read from its decision trace when it
 * becomes Unassigned (migration 120_reports); the other unsold statuses are their own reason.
 */
export const UNSOLD_REASONS = [
  'no_matching_bid',
  'geo_scope',
  'filters',
  'outside_schedule',
  'daily_cap',
  'period_cap',
  'budget_exhausted',
  'wallet_too_low',
  'partner_declined',
  'partner_failed',
  'below_floor',
  'reverse_unfilled',
  'no_plan',
  'audit_rejected',
  'other',
  'duplicate',
  'audit',
  'withheld',
  'uncategorized',
  'error',
] as const

export type UnsoldReason = (typeof UNSOLD_REASONS)[number]

export const UNSOLD_REASON_LABELS: Record<UnsoldReason, string> = {
  no_matching_bid: 'No matching bid',
  geo_scope: 'Outside the bids’ geographic scope',
  filters: 'Bid filters not met',
  outside_schedule: 'Outside bid schedules',
  daily_cap: 'Daily cap reached',
  period_cap: 'Weekly or monthly cap reached',
  budget_exhausted: 'Budget exhausted',
  wallet_too_low: 'Wallet too low',
  partner_declined: 'Partner declined',
  partner_failed: 'Partner timed out or failed',
  below_floor: 'Below floor (marketplace floor or partner minimum)',
  reverse_unfilled: 'Reverse auction closed without a sale',
  no_plan: 'No distribution plan',
  audit_rejected: 'Rejected in audit',
  other: 'Other',
  duplicate: 'Duplicate',
  audit: 'Held for audit',
  withheld: 'Withheld at the subscription threshold',
  uncategorized: 'Uncategorized',
  error: 'Distribution error',
}

/** The unsold statuses that are their own reason (every other reason is an Unassigned lead's). */
export const STATUS_REASONS: Partial<Record<UnsoldReason, LeadStatus>> = {
  duplicate: 'Duplicate',
  audit: 'Audit',
  withheld: 'Withheld',
  uncategorized: 'Uncategorized',
  error: 'Distribution Error',
}

export const REPORT_PRESETS = ['today', 'yesterday', '7d', '30d', 'month', 'custom'] as const
export type ReportPreset = (typeof REPORT_PRESETS)[number]

export const REPORT_DIMENSIONS = ['source', 'category', 'leadType', 'customer', 'partner'] as const
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number]

/** A period as the rollups count it: whole UTC hours, `to` exclusive (epoch ms). */
export interface ReportPeriod {
  from: number
  to: number
}

export interface ReportTotals {
  received: number
  /** Assigned + Posted. */
  sold: number
  returned: number
  /** sold / received, 0..1. */
  soldRate: number
  /** Customer charges net of return credits (a return credits its whole charge). */
  revenueCents: number
  /** Prices of the leads posted to partners. */
  partnerRevenueCents: number
  /** What reverse auctions paid sources for the leads. */
  payoutsCents: number
  /** revenue + partner revenue − payouts. */
  marginCents: number
}

export interface ReportSummary {
  timeZone: string
  period: ReportPeriod
  previous: ReportPeriod
  current: ReportTotals
  before: ReportTotals
}

export interface ReportSeriesPoint {
  /** Start of the hour or local day (epoch ms). */
  at: number
  byStatus: Partial<Record<LeadStatus, number>>
  revenueCents: number
}

export interface ReportSeries {
  timeZone: string
  bucket: 'hour' | 'day'
  points: ReportSeriesPoint[]
}

export interface ReportBreakdownRow {
  /** 0 = none (no source, no customer …). */
  id: number
  name: string
  received: number
  sold: number
  soldRate: number
  returned: number
  /** returned / (sold + returned). */
  returnRate: number
  revenueCents: number
  /** revenue / sold, rounded to the cent (half up); 0 without sales. */
  avgPriceCents: number
}

export interface ReportReasonRow {
  reason: UnsoldReason
  label: string
  count: number
}

export interface ReportReasons {
  period: ReportPeriod
  total: number
  rows: ReportReasonRow[]
}

export interface CapForecast {
  bidId: number
  customerId: number
  customerName: string
  leadTypeName: string
  capDay: number
  usedToday: number
  /** Leads per hour so far today (local day). */
  perHour: number
  /** When the cap is reached at that rate (epoch ms); null when it already is. */
  reachesAt: number | null
  reached: boolean
}

export interface WalletForecast {
  customerId: number
  customerName: string
  balanceCents: number
  /** The highest price among the customer's active bids. */
  priceCents: number
  /** Leads the wallet still pays for at that price. */
  leadsLeft: number
  /** Leads per hour so far today; null without any. */
  perHour: number | null
  /** When the wallet runs out at that rate; null when unknown. */
  runsOutAt: number | null
}

export interface ReportForecast {
  timeZone: string
  caps: CapForecast[]
  wallets: WalletForecast[]
}
