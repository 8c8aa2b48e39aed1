import type { Migration } from '../migrate'

/**
 * How many leads are in each status, kept by triggers. The leads table shows a total on every
 * page; for the unfiltered table, a status or the "Sold" shortcut that total is read here
 * instead of counted over hundreds of thousands of index entries.
 */
export const leadStatusCounts: Migration = {
  name: '030_lead_status_counts',
  statements: [
    `CREATE TABLE lead_status_counts (
      status TEXT PRIMARY KEY,
      n INTEGER NOT NULL
    ) WITHOUT ROWID`,
    `INSERT INTO lead_status_counts (status, n) SELECT status, count(*) FROM leads GROUP BY status`,
    `CREATE TRIGGER lead_status_counts_insert AFTER INSERT ON leads BEGIN
      INSERT INTO lead_status_counts (status, n) VALUES (new.status, 1)
        ON CONFLICT (status) DO UPDATE SET n = n + 1;
    END`,
    `CREATE TRIGGER lead_status_counts_delete AFTER DELETE ON leads BEGIN
      UPDATE lead_status_counts SET n = n - 1 WHERE status = old.status;
    END`,
    `CREATE TRIGGER lead_status_counts_update AFTER UPDATE OF status ON leads
      WHEN old.status IS NOT new.status BEGIN
      UPDATE lead_status_counts SET n = n - 1 WHERE status = old.status;
      INSERT INTO lead_status_counts (status, n) VALUES (new.status, 1)
        ON CONFLICT (status) DO UPDATE SET n = n + 1;
    END`,
  ],
}
