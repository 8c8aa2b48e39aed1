import type { Migration } from '../../migrate'

/** SQLite's 031_leads_sort_indexes: the leads table's other sorts, ties broken by arrival. */
export const leadsSortIndexes: Migration = {
  name: '031_leads_sort_indexes',
  statements: [
    `CREATE INDEX leads_last_name ON leads(last_name, created_at)`,
    `CREATE INDEX leads_charged ON leads(charged_cents, created_at)`,
    `CREATE INDEX leads_updated ON leads(updated_at, created_at)`,
  ],
}
