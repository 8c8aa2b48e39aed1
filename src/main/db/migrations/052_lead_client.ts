import type { Migration } from '../migrate'

/**
 * The client a lead came from: the consumer's IP address and user agent, as the source sent them,
 * else the intake request's. Filtered by address in the leads table.
 */
export const leadClient: Migration = {
  name: '052_lead_client',
  statements: [
    `ALTER TABLE leads ADD COLUMN client_ip TEXT`,
    `ALTER TABLE leads ADD COLUMN user_agent TEXT`,
    `CREATE INDEX leads_client_ip ON leads(client_ip, created_at) WHERE client_ip IS NOT NULL`,
  ],
}
