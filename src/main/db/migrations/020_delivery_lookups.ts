import type { Migration } from '../migrate'

/**
 * Leads by delivery status, so "deliveries that failed" (and the ones still pending after a
 * restart) are found without scanning every lead or every attempt. Most leads have no delivery
 * (status NULL) and stay out of the index.
 */
export const deliveryLookups: Migration = {
  name: '020_delivery_lookups',
  statements: [`CREATE INDEX leads_delivery_status ON leads(delivery_status, id) WHERE delivery_status IS NOT NULL`],
}
