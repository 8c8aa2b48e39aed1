import type { Migration } from '../migrate'

/** Per source: the field names it sends mapped to the category's field keys, as a JSON object. */
export const sourceFieldAliases: Migration = {
  name: '051_source_field_aliases',
  statements: [`ALTER TABLE sources ADD COLUMN field_aliases TEXT NOT NULL DEFAULT '{}'`],
}
