import type { Migration } from '../../migrate'

/**
 * SQLite's 080_leads_phone_last_digits (branch `console`): leads by the last four digits of the
 * phone. SQLite's `substr(phone, -4)` is `right(phone, 4)` here; a query must use the same
 * expression as its dialect's index to be answered by it.
 */
export const leadsPhoneLastDigits: Migration = {
  name: '080_leads_phone_last_digits',
  statements: [`CREATE INDEX leads_phone_last4 ON leads(right(phone, 4), created_at)`],
}
