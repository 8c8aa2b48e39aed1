import { describe, expect, it } from 'vitest'
import {
  type BidContext,
  type BidRule,
  type BidUsage,
  checkBid,
  chooseWinner,
  NO_USAGE,
  runBidding,
} from '../../../src/main/engine/bidding'
import { bidRule } from './bid-rule'

// Monday 2026-01-05 15:00 UTC = 10:00 in New York.
const NOW = Date.UTC(2026, 0, 5, 15, 0, 0)

const bid = bidRule

const ctx = (
  extra: {
    usage?: Partial<BidUsage>
    balance?: number
    customerActive?: boolean
    values?: Record<string, unknown>
  } = {},
): BidContext => ({
  now: NOW,
  leadTypeId: 5,
  values: extra.values ?? { state: 'CA', zip: '94103', county: 'San Francisco', vehicles: 2 },
  customerActive: () => extra.customerActive ?? true,
  usage: () => ({ ...NO_USAGE, ...extra.usage }),
  balance: () => extra.balance ?? 100_000,
})

describe('bid eligibility: the first failing check and its values', () => {
  const cases: [string, Partial<BidRule>, Parameters<typeof ctx>[0], string | null, string][] = [
    ['eligible', {}, {}, null, 'eligible at 15.00'],
    ['inactive bid', { active: false }, {}, 'inactive', 'bid inactive'],
    ['inactive customer', {}, { customerActive: false }, 'customer_inactive', 'customer inactive'],
    ['other lead type', { leadTypeId: 6 }, {}, 'lead_type', "lead type #5 is not the bid's #6"],
    ['state scope', { scope: { kind: 'state', values: ['NY', 'NJ'] } }, {}, 'scope', 'state CA not in scope (NY, NJ)'],
    ['state scope matches', { scope: { kind: 'state', values: ['ca'] } }, {}, null, 'eligible at 15.00'],
    ['zip scope', { scope: { kind: 'zip', values: ['10001'] } }, {}, 'scope', 'zip 94103 not in scope (10001)'],
    ['county scope matches', { scope: { kind: 'county', values: ['san francisco'] } }, {}, null, 'eligible at 15.00'],
    [
      'empty value never in scope',
      { scope: { kind: 'county', values: ['Kings'] } },
      { values: { state: 'CA' } },
      'scope',
      'county (empty) not in scope (Kings)',
    ],
    [
      'filters',
      { filters: { match: 'all', conditions: [{ field: 'vehicles', op: 'gt', value: 2 }] } },
      {},
      'filters',
      'filter not met: vehicles is greater than 2 (was 2)',
    ],
    [
      'schedule day',
      { schedule: { timezone: 'America/New_York', days: [2, 3], start: '09:00', end: '17:00' } },
      {},
      'schedule',
      'outside schedule: Mon 10:00 America/New_York not a listed day',
    ],
    [
      'schedule hours in the bid time zone',
      { schedule: { timezone: 'America/Los_Angeles', days: [1], start: '09:00', end: '17:00' } },
      {},
      'schedule',
      'outside schedule: Mon 07:00 America/Los_Angeles not in 09:00–17:00',
    ],
    [
      'schedule inside',
      { schedule: { timezone: 'America/New_York', days: [1], start: '09:00', end: '17:00' } },
      {},
      null,
      'eligible at 15.00',
    ],
    ['daily cap', { capDay: 50 }, { usage: { day: 50 } }, 'cap_day', 'daily cap 50/50'],
    ['daily cap with room', { capDay: 50 }, { usage: { day: 49 } }, null, 'eligible at 15.00'],
    ['weekly cap', { capWeek: 100 }, { usage: { week: 100 } }, 'cap_week', 'weekly cap 100/100'],
    ['monthly cap', { capMonth: 300 }, { usage: { month: 301 } }, 'cap_month', 'monthly cap 301/300'],
    [
      'daily budget',
      { budgetDayCents: 10_000 },
      { usage: { dayCents: 9_000 } },
      'budget_day',
      'daily budget 90.00 + 15.00 > 100.00',
    ],
    [
      'daily budget exactly reached is fine',
      { budgetDayCents: 10_500 },
      { usage: { dayCents: 9_000 } },
      null,
      'eligible at 15.00',
    ],
    ['monthly budget', { budgetMonthCents: 1_000 }, {}, 'budget_month', 'monthly budget 0.00 + 15.00 > 10.00'],
    ['wallet', {}, { balance: 1_200 }, 'wallet', 'wallet 12.00 < price 15.00'],
    ['wallet equal to price', {}, { balance: 1_500 }, null, 'eligible at 15.00'],
  ]
  it.each(cases)('%s', (_name, rule, c, check, message) => {
    const v = checkBid(bid(rule), ctx(c))
    expect(v.check ?? null).toBe(check)
    expect(v.eligible).toBe(check === null)
    expect(v.message).toBe(message)
  })

  it('keeps the compared values in structured data', () => {
    expect(checkBid(bid({ capDay: 50 }), ctx({ usage: { day: 50 } })).values).toEqual({ used: 50, cap: 50 })
    expect(checkBid(bid(), ctx({ balance: 1200 })).values).toEqual({ balanceCents: 1200, priceCents: 1500 })
  })
})

describe('winner choice', () => {
  type C = { bidId: number; customerId: number; priceCents: number; priority: number }
  const c = (bidId: number, customerId: number, priceCents: number, priority = 0): C => ({
    bidId,
    customerId,
    priceCents,
    priority,
  })
  const cases: [string, C[], Record<number, number>, number | null][] = [
    ['no eligible bid', [], {}, null],
    ['highest price wins', [c(1, 1, 1000), c(2, 2, 1500), c(3, 3, 1200)], {}, 2],
    ['tie on price: lower priority number wins', [c(1, 1, 1500, 2), c(2, 2, 1500, 1)], {}, 2],
    ['tie on price and priority: least recent winner', [c(1, 1, 1500), c(2, 2, 1500)], { 1: 2000, 2: 1000 }, 2],
    ['never won counts as longest ago', [c(1, 1, 1500), c(2, 2, 1500)], { 1: 1000 }, 2],
    ['full tie: older bid', [c(7, 1, 1500), c(3, 2, 1500)], {}, 3],
  ]
  it.each(cases)('%s', (_name, eligible, wins, expected) => {
    expect(chooseWinner(eligible, (id) => wins[id] ?? 0)?.bidId ?? null).toBe(expected)
  })

  it('runBidding keeps a verdict per bid and picks among the eligible only', () => {
    const bids = [
      bid({ id: 1, priceCents: 3000, active: false }),
      bid({ id: 2, priceCents: 1500 }),
      bid({ id: 3, priceCents: 1000 }),
    ]
    const r = runBidding(bids, ctx(), () => 0)
    expect(r.verdicts.map((v) => v.eligible)).toEqual([false, true, true])
    expect(r.winner?.bidId).toBe(2)
  })

  it('reads wallets in winning order only: a broke top bidder is skipped, lower bids are outranked', () => {
    const bids = [
      bid({ id: 1, customerId: 1, priceCents: 3000 }),
      bid({ id: 2, customerId: 2, priceCents: 2000 }),
      bid({ id: 3, customerId: 3, priceCents: 1000 }),
    ]
    const read: number[] = []
    const r = runBidding(bids, { ...ctx(), balance: (id) => (read.push(id), id === 1 ? 500 : 10_000) }, () => 0)
    expect(r.winner?.bidId).toBe(2)
    expect(read).toEqual([1, 2])
    expect(r.verdicts.map((v) => v.message)).toEqual([
      'wallet 5.00 < price 30.00',
      'eligible at 20.00',
      'eligible at 10.00; outranked by bid #2',
    ])
  })
})
