import type { Migration } from '../../migrate'

/** SQLite's 040_reverse_auction_deadlines: open listings by deadline. */
export const reverseAuctionDeadlines: Migration = {
  name: '040_reverse_auction_deadlines',
  statements: [`CREATE INDEX marketplace_deadline ON marketplace_listings(kind, status, closes_at)`],
}
