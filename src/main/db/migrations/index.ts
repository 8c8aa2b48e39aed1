import type { Migration } from '../migrate'
import { initial } from './001_initial'
import { distributionProgress } from './010_distribution_progress'
import { deliveryLookups } from './020_delivery_lookups'
import { duplicateKeyLookups } from './021_duplicate_key_lookups'
import { leadStatusCounts } from './030_lead_status_counts'
import { reverseAuctionDeadlines } from './040_reverse_auction_deadlines'
import { leadsSortIndexes } from './031_leads_sort_indexes'
import { importBatchKeys } from './070_import_batch_keys'

/** Static list, so bundling keeps every migration. Append only. */
export const migrations: readonly Migration[] = [
  initial,
  distributionProgress,
  leadStatusCounts,
  deliveryLookups,
  reverseAuctionDeadlines,
  duplicateKeyLookups,
  leadsSortIndexes,
  importBatchKeys,
]
