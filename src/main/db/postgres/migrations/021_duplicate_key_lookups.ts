import type { Migration } from '../../migrate'

/** SQLite's 021_duplicate_key_lookups: duplicate checks by email or phone within a category and window. */
export const duplicateKeyLookups: Migration = {
  name: '021_duplicate_key_lookups',
  statements: [
    `CREATE INDEX leads_email_category ON leads(email, category_id, created_at) WHERE email IS NOT NULL`,
    `CREATE INDEX leads_phone_category ON leads(phone, category_id, created_at) WHERE phone IS NOT NULL`,
  ],
}
