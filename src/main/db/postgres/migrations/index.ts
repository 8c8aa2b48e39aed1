import type { Migration } from '../../migrate'
import { initial } from './001_initial'
import { distributionProgress } from './010_distribution_progress'
import { deliveryLookups } from './020_delivery_lookups'
import { duplicateKeyLookups } from './021_duplicate_key_lookups'
import { leadStatusCounts } from './030_lead_status_counts'
import { leadsSortIndexes } from './031_leads_sort_indexes'
import { reverseAuctionDeadlines } from './040_reverse_auction_deadlines'
import { signInThrottle } from './050_sign_in_throttle'
import { sourceFieldAliases } from './051_source_field_aliases'
import { leadClient } from './052_lead_client'
import { partnerLedger } from './060_partner_ledger'
import { settlePermission } from './061_settle_permission'
import { importBatchKeys } from './070_import_batch_keys'
import { leadsPhoneLastDigits } from './080_leads_phone_last_digits'
import { walletBuyNowUsers } from './081_wallet_buy_now_users'
import { requestTemplates } from './090_request_templates'
import { jobs } from './100_jobs'
import { usageCounters } from './105_usage_counters'
import { deliveryQueue } from './110_delivery_queue'
import { reports } from './120_reports'
import { auditDecisions } from './130_audit_decisions'

/**
 * The PostgreSQL twin of `../../migrations`: one migration per SQLite migration, with the same
 * name, giving the same tables and columns. Static, so bundling keeps every migration. Append only.
 */
export const postgresMigrations: readonly Migration[] = [
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
  signInThrottle,
  sourceFieldAliases,
  leadClient,
  importBatchKeys,
  leadsPhoneLastDigits,
  walletBuyNowUsers,
  jobs,
  usageCounters,
  deliveryQueue,
  reports,
  auditDecisions,
]
