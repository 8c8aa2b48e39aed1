import type { Migration } from '../../migrate'

/** SQLite's 090_request_templates: partners' request templates and each outbound request as sent. */
export const requestTemplates: Migration = {
  name: '090_request_templates',
  statements: [`ALTER TABLE partners ADD COLUMN request TEXT`, `ALTER TABLE pingpost_records ADD COLUMN request TEXT`],
}
