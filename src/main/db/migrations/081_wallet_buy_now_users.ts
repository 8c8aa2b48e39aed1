import type { Migration } from '../migrate'

/**
 * Every ledger row an operator made names that operator. Deposits, adjustments and return credits
 * always did; "buy now" charges did not, though the audit log kept who bought. This gives those
 * charges their user back: the same lead, customer and price, written within the same second.
 * The purchases are read out of the audit log once into an indexed temporary table, so the update
 * costs one index lookup per bought lead, not a scan of the audit log per charge. An index on the
 * user lets the ledger be read by who moved the money.
 */
export const walletBuyNowUsers: Migration = {
  name: '081_wallet_buy_now_users',
  statements: [
    // Typed columns: the lookups compare them with the ledger's INTEGER columns through an index.
    `CREATE TEMP TABLE buy_now_purchases (
       id INTEGER, user_id INTEGER, at INTEGER, lead_id INTEGER, customer_id INTEGER, price_cents INTEGER
     )`,
    `INSERT INTO buy_now_purchases (id, user_id, at, lead_id, customer_id, price_cents)
       SELECT id, user_id, at, json_extract(after, '$.leadId'), json_extract(after, '$.customerId'),
         json_extract(after, '$.priceCents')
       FROM audit_log WHERE action = 'marketplace.buy' AND user_id IS NOT NULL`,
    `CREATE INDEX temp.buy_now_purchases_lead ON buy_now_purchases(lead_id)`,
    `UPDATE wallet_transactions SET user_id = (
       SELECT p.user_id FROM buy_now_purchases p
       WHERE p.lead_id = wallet_transactions.lead_id
         AND p.customer_id = wallet_transactions.customer_id
         AND p.price_cents = -wallet_transactions.amount_cents
         AND abs(p.at - wallet_transactions.created_at) < 1000
       ORDER BY p.id DESC LIMIT 1
     )
     WHERE lead_id IN (SELECT lead_id FROM buy_now_purchases) AND kind = 'charge' AND user_id IS NULL`,
    `DROP TABLE buy_now_purchases`,
    `CREATE INDEX wallet_transactions_user ON wallet_transactions(user_id, id) WHERE user_id IS NOT NULL`,
  ],
}
