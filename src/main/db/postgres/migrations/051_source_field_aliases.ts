import type { Migration } from '../../migrate'

/** SQLite's 051_source_field_aliases (branch `hosts`): per source, its field names mapped to the category's keys. */
export const sourceFieldAliases: Migration = {
  name: '051_source_field_aliases',
  statements: [`ALTER TABLE sources ADD COLUMN field_aliases TEXT NOT NULL DEFAULT '{}'`],
}
