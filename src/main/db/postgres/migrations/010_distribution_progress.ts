import type { Migration } from '../../migrate'

/** SQLite's 010_distribution_progress: where each lead stands in the pipeline (see that file). */
export const distributionProgress: Migration = {
  name: '010_distribution_progress',
  statements: [
    `ALTER TABLE leads ADD COLUMN processed_at BIGINT`,
    `ALTER TABLE leads ADD COLUMN resume_from TEXT`,
    `CREATE INDEX leads_processed ON leads(processed_at) WHERE processed_at IS NOT NULL`,
    `CREATE INDEX leads_resume ON leads(id) WHERE resume_from IS NOT NULL`,
    `CREATE INDEX leads_withheld ON leads(id) WHERE status = 'Withheld'`,
  ],
}
