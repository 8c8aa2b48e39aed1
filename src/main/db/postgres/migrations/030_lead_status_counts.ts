import type { Migration } from '../../migrate'

/**
 * SQLite's 030_lead_status_counts: leads per status, kept by triggers with the same names.
 * Each lead write updates its status's row, so concurrent writers of one status queue on that
 * row until they commit.
 */
export const leadStatusCounts: Migration = {
  name: '030_lead_status_counts',
  statements: [
    `CREATE TABLE lead_status_counts (
      status TEXT PRIMARY KEY,
      n BIGINT NOT NULL
    )`,
    `INSERT INTO lead_status_counts (status, n) SELECT status, count(*) FROM leads GROUP BY status`,
    `CREATE FUNCTION lead_status_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO lead_status_counts (status, n) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET n = lead_status_counts.n + 1;
      RETURN NULL;
    END $$`,
    `CREATE FUNCTION lead_status_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE lead_status_counts SET n = n - 1 WHERE status = OLD.status;
      RETURN NULL;
    END $$`,
    `CREATE FUNCTION lead_status_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE lead_status_counts SET n = n - 1 WHERE status = OLD.status;
      INSERT INTO lead_status_counts (status, n) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET n = lead_status_counts.n + 1;
      RETURN NULL;
    END $$`,
    `CREATE TRIGGER lead_status_counts_insert AFTER INSERT ON leads
      FOR EACH ROW EXECUTE FUNCTION lead_status_counts_add()`,
    `CREATE TRIGGER lead_status_counts_delete AFTER DELETE ON leads
      FOR EACH ROW EXECUTE FUNCTION lead_status_counts_remove()`,
    `CREATE TRIGGER lead_status_counts_update AFTER UPDATE OF status ON leads
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION lead_status_counts_move()`,
  ],
}
