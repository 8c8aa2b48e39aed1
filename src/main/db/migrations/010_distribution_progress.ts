import type { Migration } from '../migrate'

/**
 * Where each lead stands in the pipeline, so that a crash never loses or repeats work:
 * - `processed_at`: when the lead passed the subscription threshold step; the period's count of
 *   processed leads is the number of leads with this time inside the period.
 * - `resume_from`: set while a lead is Pending and must be picked up again at start-up
 *   ('pipeline' = from classification, 'plan' = from its distribution plan); cleared in the same
 *   transaction that writes the lead's outcome. Pending leads kept back on purpose (imports waiting
 *   for a reverse auction) have none.
 */
export const distributionProgress: Migration = {
  name: '010_distribution_progress',
  statements: [
    `ALTER TABLE leads ADD COLUMN processed_at INTEGER`,
    `ALTER TABLE leads ADD COLUMN resume_from TEXT`,
    `CREATE INDEX leads_processed ON leads(processed_at) WHERE processed_at IS NOT NULL`,
    `CREATE INDEX leads_resume ON leads(id) WHERE resume_from IS NOT NULL`,
    // Withheld leads are released oldest first.
    `CREATE INDEX leads_withheld ON leads(id) WHERE status = 'Withheld'`,
  ],
}
