import type { Migration } from '../migrate'

/**
 * Every approve or reject of a lead in Audit, under the id the deciding client gave it. A reviewer
 * working offline sends the same decision again when the network comes back: its id makes the second
 * send a replay, never a second decision. A decision is taken only while the lead is still in Audit
 * (a guarded UPDATE in the same unit), so two reviewers never both decide one lead.
 */
export const auditDecisions: Migration = {
  name: '130_audit_decisions',
  statements: [
    `CREATE TABLE audit_decisions (
      id TEXT PRIMARY KEY,
      lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
      reason TEXT,
      user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      user_name TEXT NOT NULL,
      decided_at INTEGER NOT NULL
    )`,
    `CREATE INDEX audit_decisions_lead ON audit_decisions(lead_id, decided_at)`,
    // Who changed a lead last, for an edit refused because the lead changed since it was opened.
    `CREATE INDEX audit_log_target ON audit_log(target_type, target_id, at)`,
  ],
}
