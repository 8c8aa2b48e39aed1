import pg from 'pg'
import { databaseUrl } from '../src/main/db/postgres/url'

/**
 * A fresh, empty PostgreSQL database named `name` on the server of `base` (an older one of that
 * name is dropped first); `drop` removes it after the run.
 */
export async function freshDatabase(base: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: base })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin(`CREATE DATABASE ${name}`)
  return { url: databaseUrl(base, name), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
}
