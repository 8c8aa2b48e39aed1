import { sql } from 'kysely'
import type { TestApp } from '../../support/workspace'

/**
 * Makes the database refuse inserts into `table` whose new row meets `when` (an SQL condition on
 * `new.<column>`, in SQL both dialects accept), failing with `message` — a stand-in for a disk or
 * ledger failure at one exact write. Returns the way to lift it again.
 */
export async function refuseInserts(
  app: TestApp,
  f: { name: string; table: string; when: string; message: string },
): Promise<() => Promise<void>> {
  const { db, dialect } = app.services.deps
  const name = sql.raw(f.name)
  const table = sql.raw(f.table)
  const when = sql.raw(f.when)
  const message = sql.raw(`'${f.message.replace(/'/g, "''")}'`)
  if (dialect === 'postgres') {
    await sql`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF ${when} THEN RAISE EXCEPTION ${message}; END IF;
        RETURN new;
      END $$`.execute(db)
    await sql`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`.execute(db)
    return async () => {
      await sql`DROP TRIGGER ${name} ON ${table}`.execute(db)
      await sql`DROP FUNCTION ${name}()`.execute(db)
    }
  }
  await sql`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} WHEN ${when}
    BEGIN SELECT RAISE(ABORT, ${message}); END`.execute(db)
  return async () => {
    await sql`DROP TRIGGER ${name}`.execute(db)
  }
}
