/** The numbers of a descending-price auction, all integer cents and milliseconds. */
export interface AuctionTerms {
  startPriceCents: number
  floorPriceCents: number
  decrementCents: number
  intervalMs: number
  openedAt: number
}

/**
 * The price at `now`: the start price less one decrement per whole interval since opening, never
 * below the floor. Whole intervals only (floor of the division), so a price holds for its full
 * interval and a buyer sees the same price for the whole step.
 */
export function currentPrice(t: AuctionTerms, now: number): number {
  const steps = Math.max(0, Math.floor((now - t.openedAt) / t.intervalMs))
  return Math.max(t.floorPriceCents, t.startPriceCents - t.decrementCents * steps)
}

/** Number of drops from the start price to the floor. */
function stepsToFloor(t: AuctionTerms): number {
  if (t.decrementCents <= 0 || t.startPriceCents <= t.floorPriceCents) return 0
  return Math.ceil((t.startPriceCents - t.floorPriceCents) / t.decrementCents)
}

/** The floor price is on offer for one full interval; the auction closes after it. */
export function closesAt(t: AuctionTerms): number {
  return t.openedAt + (stepsToFloor(t) + 1) * t.intervalMs
}

/**
 * When the price first reaches `maxCents` and what it is then, or null if it never does (a maximum
 * under the floor, or above nothing because the price never drops that low). A buy order is
 * charged this price, not whatever the price sank to by the time the app looked, so the result
 * does not depend on how often the auctions are settled.
 */
export function reachesAt(t: AuctionTerms, maxCents: number): { at: number; priceCents: number } | null {
  if (t.startPriceCents <= maxCents) return { at: t.openedAt, priceCents: t.startPriceCents }
  if (maxCents < t.floorPriceCents || t.decrementCents <= 0) return null
  const steps = Math.min(Math.ceil((t.startPriceCents - maxCents) / t.decrementCents), stepsToFloor(t))
  return { at: t.openedAt + steps * t.intervalMs, priceCents: currentPrice(t, t.openedAt + steps * t.intervalMs) }
}
