import type { Migration } from '../migrate'

/**
 * Partners' request templates (format, ping and post templates) and the exact request each
 * outbound ping and post sent. A partner saved before templates existed keeps `request` NULL and
 * is read from its field list and renames as the equivalent "Generic JSON" template until it is
 * saved again.
 */
export const requestTemplates: Migration = {
  name: '090_request_templates',
  statements: [`ALTER TABLE partners ADD COLUMN request TEXT`, `ALTER TABLE pingpost_records ADD COLUMN request TEXT`],
}
