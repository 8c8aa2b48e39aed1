import type { Migration } from '../../migrate'

/** SQLite's 020_delivery_lookups: leads by delivery status, without the many that have none. */
export const deliveryLookups: Migration = {
  name: '020_delivery_lookups',
  statements: [`CREATE INDEX leads_delivery_status ON leads(delivery_status, id) WHERE delivery_status IS NOT NULL`],
}
