import type { BidDef } from '../../shared/api/settings/bids'
import type { Scope } from '../../shared/domain/config'
import { firstFailure } from './conditions'
import { money } from './money'
import { scheduleCheck } from './schedule'

/** The terms of a bid the engine checks: the settings screen's bid without its labels and usage. */
export type BidRule = Omit<BidDef, 'leadTypeName' | 'categoryName' | 'usage'>

/** What a bid has taken in the current periods (returned leads excluded). */
export interface BidUsage {
  day: number
  week: number
  month: number
  dayCents: number
  monthCents: number
}

export const NO_USAGE: BidUsage = { day: 0, week: 0, month: 0, dayCents: 0, monthCents: 0 }

export interface BidContext {
  now: number
  leadTypeId: number
  values: Record<string, unknown>
  customerActive(customerId: number): boolean
  usage(bidId: number): BidUsage
  balance(customerId: number): number
}

export type BidCheck =
  | 'inactive'
  | 'customer_inactive'
  | 'lead_type'
  | 'scope'
  | 'filters'
  | 'schedule'
  | 'cap_day'
  | 'cap_week'
  | 'cap_month'
  | 'budget_day'
  | 'budget_month'
  | 'wallet'

export interface BidVerdict {
  bidId: number
  customerId: number
  customerName: string
  priceCents: number
  eligible: boolean
  /** The first check that failed, with the values compared. */
  check?: BidCheck
  message: string
  values?: Record<string, unknown>
}

function scopeMiss(scope: Scope, values: Record<string, unknown>): { message: string; values: unknown } | null {
  if (scope.kind === 'nationwide') return null
  const field = scope.kind
  const raw = values[field]
  const actual = raw === undefined || raw === null ? '' : String(raw).trim().toLowerCase()
  if (actual !== '' && scope.values.some((v) => v.trim().toLowerCase() === actual)) return null
  const shown = scope.values.length > 5 ? `${scope.values.slice(0, 5).join(', ')}, …` : scope.values.join(', ')
  return {
    message: `${field} ${actual === '' ? '(empty)' : String(raw)} not in scope (${shown})`,
    values: { field, actual: raw ?? null, scope: scope.kind, count: scope.values.length },
  }
}

/**
 * Every check but the wallet, in a fixed order so the trace names the first one that failed:
 * active, customer active, lead type, scope, filters, schedule, caps (day, week, month), budgets
 * (day, month). Null when all pass.
 */
export function checkRules(bid: BidRule, ctx: BidContext): BidVerdict | null {
  // Hot path (every bid of every lead): plain branches, no closures or temporary arrays.
  if (!bid.active) return fail(bid, 'inactive', 'bid inactive')
  if (!ctx.customerActive(bid.customerId)) return fail(bid, 'customer_inactive', 'customer inactive')
  if (bid.leadTypeId !== ctx.leadTypeId)
    return fail(bid, 'lead_type', `lead type #${ctx.leadTypeId} is not the bid's #${bid.leadTypeId}`)
  if (bid.scope.kind !== 'nationwide') {
    const scope = scopeMiss(bid.scope, ctx.values)
    if (scope) return fail(bid, 'scope', scope.message, { scope: scope.values })
  }
  if (bid.filters !== null) {
    const filter = firstFailure(bid.filters, ctx.values)
    if (filter !== null) return fail(bid, 'filters', `filter not met: ${filter}`)
  }
  if (bid.schedule !== null) {
    const schedule = scheduleCheck(bid.schedule, ctx.now)
    if (!schedule.ok) return fail(bid, 'schedule', schedule.message)
  }
  const u = ctx.usage(bid.id)
  if (bid.capDay !== null && u.day >= bid.capDay) return capFail(bid, 'cap_day', 'daily cap', u.day, bid.capDay)
  if (bid.capWeek !== null && u.week >= bid.capWeek) return capFail(bid, 'cap_week', 'weekly cap', u.week, bid.capWeek)
  if (bid.capMonth !== null && u.month >= bid.capMonth)
    return capFail(bid, 'cap_month', 'monthly cap', u.month, bid.capMonth)
  if (bid.budgetDayCents !== null && u.dayCents + bid.priceCents > bid.budgetDayCents)
    return budgetFail(bid, 'budget_day', 'daily budget', u.dayCents, bid.budgetDayCents)
  if (bid.budgetMonthCents !== null && u.monthCents + bid.priceCents > bid.budgetMonthCents)
    return budgetFail(bid, 'budget_month', 'monthly budget', u.monthCents, bid.budgetMonthCents)
  return null
}

function fail(bid: BidRule, check: BidCheck, message: string, values?: Record<string, unknown>): BidVerdict {
  return {
    bidId: bid.id,
    customerId: bid.customerId,
    customerName: bid.customerName,
    priceCents: bid.priceCents,
    eligible: false,
    check,
    message,
    values,
  }
}

function capFail(bid: BidRule, check: BidCheck, label: string, used: number, cap: number): BidVerdict {
  return fail(bid, check, `${label} ${used}/${cap}`, { used, cap })
}

function budgetFail(bid: BidRule, check: BidCheck, label: string, spent: number, budget: number): BidVerdict {
  return fail(bid, check, `${label} ${money(spent)} + ${money(bid.priceCents)} > ${money(budget)}`, {
    spentCents: spent,
    priceCents: bid.priceCents,
    budgetCents: budget,
  })
}

/** The last check: the customer's wallet covers the price. */
export function checkWallet(bid: BidRule, balance: number): BidVerdict {
  const base = { bidId: bid.id, customerId: bid.customerId, customerName: bid.customerName, priceCents: bid.priceCents }
  if (balance < bid.priceCents) {
    return {
      ...base,
      eligible: false,
      check: 'wallet',
      message: `wallet ${money(balance)} < price ${money(bid.priceCents)}`,
      values: { balanceCents: balance, priceCents: bid.priceCents },
    }
  }
  return { ...base, eligible: true, message: `eligible at ${money(bid.priceCents)}` }
}

/** Eligibility of one bid: the rules, then the wallet. */
export function checkBid(bid: BidRule, ctx: BidContext): BidVerdict {
  return checkRules(bid, ctx) ?? checkWallet(bid, ctx.balance(bid.customerId))
}

/**
 * The winner among eligible bids. Highest price first. Ties go to the bid with the higher
 * priority, where a LOWER number means higher priority (1 before 2, as lead types are ordered).
 * Still tied: the customer who won least recently (never won counts as longest ago), so equal
 * offers take turns. Last resort: the older bid (lower id), so the result never depends on order.
 */
export function chooseWinner<T extends { bidId: number; customerId: number; priceCents: number; priority: number }>(
  eligible: readonly T[],
  lastWonAt: (customerId: number) => number,
): T | null {
  let best: T | null = null
  for (const c of eligible) {
    if (best === null || compare(c, best, lastWonAt) < 0) best = c
  }
  return best
}

function compare<T extends { bidId: number; customerId: number; priceCents: number; priority: number }>(
  a: T,
  b: T,
  lastWonAt: (customerId: number) => number,
): number {
  if (a.priceCents !== b.priceCents) return b.priceCents - a.priceCents
  if (a.priority !== b.priority) return a.priority - b.priority
  const wa = lastWonAt(a.customerId)
  const wb = lastWonAt(b.customerId)
  if (wa !== wb) return wa - wb
  return a.bidId - b.bidId
}

export interface BiddingResult {
  verdicts: BidVerdict[]
  winner: (BidVerdict & { priority: number }) | null
  /** Bids that passed every rule, best first (the winner among them); wallets not checked. */
  ranked: BidRule[]
}

/**
 * Runs every bid of the lead type through the rules, then walks the survivors in winning order
 * and checks wallets until one can pay: that bid wins. Bids ranked below the winner are eligible
 * on every rule; their wallets are not read (they could not have won), and the trace says they
 * were outranked. This keeps bidding to one balance read in the usual case.
 */
export function runBidding(
  bids: readonly BidRule[],
  ctx: BidContext,
  lastWonAt: (customerId: number) => number,
): BiddingResult {
  const verdicts = new Map<number, BidVerdict>()
  const candidates: BidRule[] = []
  for (const bid of bids) {
    const failed = checkRules(bid, ctx)
    if (failed) verdicts.set(bid.id, failed)
    else candidates.push(bid)
  }
  // Last wins read once per customer, not once per comparison.
  const wins = new Map<number, number>()
  for (const c of candidates) if (!wins.has(c.customerId)) wins.set(c.customerId, lastWonAt(c.customerId))
  const rank = (a: BidRule, b: BidRule): number =>
    b.priceCents - a.priceCents ||
    a.priority - b.priority ||
    (wins.get(a.customerId) ?? 0) - (wins.get(b.customerId) ?? 0) ||
    a.id - b.id
  candidates.sort(rank)
  let winner: (BidVerdict & { priority: number }) | null = null
  const balances = new Map<number, number>()
  for (const c of candidates) {
    if (winner) {
      verdicts.set(c.id, {
        bidId: c.id,
        customerId: c.customerId,
        customerName: c.customerName,
        priceCents: c.priceCents,
        eligible: true,
        message: `eligible at ${money(c.priceCents)}; outranked by bid #${winner.bidId}`,
      })
      continue
    }
    let balance = balances.get(c.customerId)
    if (balance === undefined) {
      balance = ctx.balance(c.customerId)
      balances.set(c.customerId, balance)
    }
    const v = checkWallet(c, balance)
    verdicts.set(c.id, v)
    if (v.eligible) winner = { ...v, priority: c.priority }
  }
  return { verdicts: bids.map((b) => verdicts.get(b.id)).filter((v) => v !== undefined), winner, ranked: candidates }
}

/** One line per bid for the lead's timeline. */
export function describeVerdict(v: BidVerdict): string {
  return `Bid #${v.bidId} ${v.customerName} ${money(v.priceCents)}: ${v.message}`
}
