import type { Migration } from '../migrate'
import { initial } from './001_initial'
import { distributionProgress } from './010_distribution_progress'
import { deliveryLookups } from './020_delivery_lookups'
import { duplicateKeyLookups } from './021_duplicate_key_lookups'
import { leadStatusCounts } from './030_lead_status_counts'
import { reverseAuctionDeadlines } from './040_reverse_auction_deadlines'
import { leadsSortIndexes } from './031_leads_sort_indexes'
import { signInThrottle } from './050_sign_in_throttle'
import { sourceFieldAliases } from './051_source_field_aliases'
import { leadClient } from './052_lead_client'

/** Static list, so bundling keeps every migration. Append only. */
export const migrations: readonly Migration[] = [
  initial,
  distributionProgress,
  leadStatusCounts,
  deliveryLookups,
  reverseAuctionDeadlines,
  duplicateKeyLookups,
  leadsSortIndexes,
  signInThrottle,
  sourceFieldAliases,
  leadClient,
]
