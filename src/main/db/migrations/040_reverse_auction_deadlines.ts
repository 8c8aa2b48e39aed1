import type { Migration } from '../migrate'

/**
 * Open listings by deadline: the Marketplace screen lists them soonest-closing first and the
 * timer finds the reverse auctions whose deadline passed, without sorting every listing an
 * import opened.
 */
export const reverseAuctionDeadlines: Migration = {
  name: '040_reverse_auction_deadlines',
  statements: [`CREATE INDEX marketplace_deadline ON marketplace_listings(kind, status, closes_at)`],
}
