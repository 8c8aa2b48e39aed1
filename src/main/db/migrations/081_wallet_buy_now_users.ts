import type { Migration } from '../migrate'

/**
 * Every ledger row an operator made names that operator. Deposits, adjustments and return credits
 * always did; "buy now" charges did not, though the audit log kept who bought. This gives those
 * charges their user back: the same lead, customer and price, written within the same second.
 * An index on the user lets the ledger be read by who moved the money.
 */
export const walletBuyNowUsers: Migration = {
  name: '081_wallet_buy_now_users',
  statements: [
    `UPDATE wallet_transactions SET user_id = (
       SELECT a.user_id FROM audit_log a
       WHERE a.action = 'marketplace.buy'
         AND json_extract(a.after, '$.leadId') = wallet_transactions.lead_id
         AND json_extract(a.after, '$.customerId') = wallet_transactions.customer_id
         AND json_extract(a.after, '$.priceCents') = -wallet_transactions.amount_cents
         AND abs(a.at - wallet_transactions.created_at) < 1000
       ORDER BY a.id DESC LIMIT 1
     )
     WHERE kind = 'charge' AND user_id IS NULL AND lead_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'marketplace.buy'
         AND json_extract(a.after, '$.leadId') = wallet_transactions.lead_id)`,
    `CREATE INDEX wallet_transactions_user ON wallet_transactions(user_id, id) WHERE user_id IS NOT NULL`,
  ],
}
