import type { Migration } from '../../migrate'

/** The PostgreSQL twin of SQLite's 130_audit_decisions: Audit decisions under their client's id. */
export const auditDecisions: Migration = {
  name: '130_audit_decisions',
  statements: [
    `CREATE TABLE audit_decisions (
      id TEXT PRIMARY KEY,
      lead_id BIGINT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
      reason TEXT,
      user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
      user_name TEXT NOT NULL,
      decided_at BIGINT NOT NULL
    )`,
    `CREATE INDEX audit_decisions_lead ON audit_decisions(lead_id, decided_at)`,
    // Who changed a lead last, for an edit refused because the lead changed since it was opened.
    `CREATE INDEX audit_log_target ON audit_log(target_type, target_id, at)`,
  ],
}
