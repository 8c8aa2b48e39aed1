import type { Migration } from '../migrate'

/**
 * Operators look a lead up by the last digits of its phone ("…0100"), which a prefix index on the
 * E.164 number cannot answer. Indexing the last four digits narrows a million leads to about a
 * hundred, which are then compared on every digit typed.
 */
export const leadsPhoneLastDigits: Migration = {
  name: '080_leads_phone_last_digits',
  statements: [`CREATE INDEX leads_phone_last4 ON leads(substr(phone, -4), created_at)`],
}
