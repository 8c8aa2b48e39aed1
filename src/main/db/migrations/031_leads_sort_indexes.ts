import type { Migration } from '../migrate'

/**
 * The leads table sorts by name, charged amount and last update as well as by arrival. Each sort
 * breaks ties by arrival (then id), so these indexes hand rows over already in order instead of
 * sorting a million of them for one page.
 */
export const leadsSortIndexes: Migration = {
  name: '031_leads_sort_indexes',
  statements: [
    `CREATE INDEX leads_last_name ON leads(last_name, created_at)`,
    `CREATE INDEX leads_charged ON leads(charged_cents, created_at)`,
    `CREATE INDEX leads_updated ON leads(updated_at, created_at)`,
  ],
}
