import type { Migration } from '../migrate'

/**
 * What partners owe us, one row per move: a sale when a lead is Posted, a negative return when the
 * partner gives it back. Partner revenue is the sum of a partner's rows. One sale and at most one
 * return per lead, and a return never reverses more than its sale: enforced here, not by the code
 * that writes them.
 */
export const partnerLedger: Migration = {
  name: '060_partner_ledger',
  statements: [
    `CREATE TABLE partner_ledger (
      id INTEGER PRIMARY KEY,
      partner_id INTEGER REFERENCES partners(id) ON DELETE SET NULL,
      lead_id INTEGER REFERENCES leads(id) ON DELETE SET NULL,
      kind TEXT NOT NULL CHECK (kind IN ('sale','return')),
      amount_cents INTEGER NOT NULL CHECK ((kind = 'sale' AND amount_cents >= 0) OR (kind = 'return' AND amount_cents <= 0)),
      user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      reason TEXT,
      created_at INTEGER NOT NULL
    )`,
    `CREATE UNIQUE INDEX partner_ledger_lead_kind ON partner_ledger(lead_id, kind)`,
    `CREATE INDEX partner_ledger_partner ON partner_ledger(partner_id, created_at)`,
    `CREATE TRIGGER partner_ledger_return_within_sale BEFORE INSERT ON partner_ledger
      WHEN new.kind = 'return' AND -new.amount_cents > COALESCE(
        (SELECT amount_cents FROM partner_ledger WHERE lead_id = new.lead_id AND kind = 'sale'), 0)
      BEGIN SELECT RAISE(ABORT, 'a return cannot reverse more than the sale'); END`,
    // Leads posted before the ledger existed: their sale, at the price they were posted at.
    `INSERT INTO partner_ledger (partner_id, lead_id, kind, amount_cents, created_at)
      SELECT partner_id, id, 'sale', COALESCE(charged_cents, 0), COALESCE(assigned_at, updated_at)
      FROM leads WHERE status IN ('Posted', 'Returned') AND partner_id IS NOT NULL`,
  ],
}
