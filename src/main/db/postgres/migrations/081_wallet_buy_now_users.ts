import type { Migration } from '../../migrate'

/**
 * SQLite's 081_wallet_buy_now_users (branch `console`): "buy now" charges get the operator who
 * bought back from the audit log (same lead, customer and price within the same second), through
 * an indexed temporary table read once; then an index on the ledger's user.
 */
export const walletBuyNowUsers: Migration = {
  name: '081_wallet_buy_now_users',
  statements: [
    `CREATE TEMP TABLE buy_now_purchases ON COMMIT DROP AS
       SELECT id, user_id, at, (after::jsonb ->> 'leadId')::bigint AS lead_id,
         (after::jsonb ->> 'customerId')::bigint AS customer_id, (after::jsonb ->> 'priceCents')::bigint AS price_cents
       FROM audit_log WHERE action = 'marketplace.buy' AND user_id IS NOT NULL`,
    `CREATE INDEX buy_now_purchases_lead ON buy_now_purchases(lead_id)`,
    `ANALYZE buy_now_purchases`,
    `UPDATE wallet_transactions SET user_id = (
       SELECT p.user_id FROM buy_now_purchases p
       WHERE p.lead_id = wallet_transactions.lead_id
         AND p.customer_id = wallet_transactions.customer_id
         AND p.price_cents = -wallet_transactions.amount_cents
         AND abs(p.at - wallet_transactions.created_at) < 1000
       ORDER BY p.id DESC LIMIT 1
     )
     WHERE lead_id IN (SELECT lead_id FROM buy_now_purchases) AND kind = 'charge' AND user_id IS NULL`,
    `CREATE INDEX wallet_transactions_user ON wallet_transactions(user_id, id) WHERE user_id IS NOT NULL`,
  ],
}
