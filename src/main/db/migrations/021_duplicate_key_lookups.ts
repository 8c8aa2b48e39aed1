import type { Migration } from '../migrate'

/**
 * Duplicate checks look a lead up by email or phone within one category and a look-back window
 * (`email = ? AND category_id = ? AND created_at >= ?`). With only `leads_email(email, created_at)`
 * and `leads_category_created(category_id, created_at)` to choose from, SQLite picks the category
 * one and walks every lead of the category inside the window, so intake slows down as the
 * workspace grows. These indexes answer the lookup directly, whatever the table size.
 */
export const duplicateKeyLookups: Migration = {
  name: '021_duplicate_key_lookups',
  statements: [
    `CREATE INDEX leads_email_category ON leads(email, category_id, created_at) WHERE email IS NOT NULL`,
    `CREATE INDEX leads_phone_category ON leads(phone, category_id, created_at) WHERE phone IS NOT NULL`,
  ],
}
