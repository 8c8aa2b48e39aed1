import type { Migration } from '../../migrate'

/** SQLite's 052_lead_client (branch `hosts`): the client IP and user agent a lead came from. */
export const leadClient: Migration = {
  name: '052_lead_client',
  statements: [
    `ALTER TABLE leads ADD COLUMN client_ip TEXT`,
    `ALTER TABLE leads ADD COLUMN user_agent TEXT`,
    `CREATE INDEX leads_client_ip ON leads(client_ip, created_at) WHERE client_ip IS NOT NULL`,
  ],
}
