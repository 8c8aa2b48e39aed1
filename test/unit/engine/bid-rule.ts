import type { BidRule } from '../../../src/main/engine/bidding'

/** A bid with no limits, schedule or filters; `extra` sets what a test looks at. */
export const bidRule = (extra: Partial<BidRule> = {}): BidRule => ({
  id: 1,
  customerId: 10,
  customerName: 'Acme',
  leadTypeId: 5,
  priceCents: 1500,
  scope: { kind: 'nationwide', values: [] },
  filters: null,
  capDay: null,
  capWeek: null,
  capMonth: null,
  budgetDayCents: null,
  budgetMonthCents: null,
  schedule: null,
  priority: 0,
  active: true,
  ...extra,
})
