import type { Migration } from '../migrate'
import { initial } from './001_initial'
import { distributionProgress } from './010_distribution_progress'
import { deliveryLookups } from './020_delivery_lookups'
import { duplicateKeyLookups } from './021_duplicate_key_lookups'
import { leadStatusCounts } from './030_lead_status_counts'
import { reverseAuctionDeadlines } from './040_reverse_auction_deadlines'
import { leadsSortIndexes } from './031_leads_sort_indexes'
import { partnerLedger } from './060_partner_ledger'
import { settlePermission } from './061_settle_permission'
import { requestTemplates } from './090_request_templates'

/** Static list, so bundling keeps every migration. Append only. */
export const migrations: readonly Migration[] = [
  initial,
  distributionProgress,
  leadStatusCounts,
  deliveryLookups,
  reverseAuctionDeadlines,
  duplicateKeyLookups,
  leadsSortIndexes,
  partnerLedger,
  settlePermission,
  requestTemplates,
]
