/**
 * The workspace of the ui benchmark: the queries benchmark's million leads, plus a decision trace
 * (the events a lead collects on its way through the pipeline) for the newest leads, which are the
 * ones the table opens on. Built once and reused.
 */
import type Database from 'better-sqlite3'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createApp } from '../src/main/host/app'
import { build } from './queries'
import { withSqliteWorkspace } from './support-bulk'

export const BENCH_USER = { name: 'Bench', email: 'bench@example.com', password: 'bench-password' }
const TRACED = 20_000

export async function uiWorkspace(leads: number): Promise<string> {
  const dir = join(__dirname, '..', '.bench')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, leads === 1_000_000 ? 'ui-1m.db' : `ui-${leads}.db`)
  const fresh = !existsSync(file)
  // The app creates (or migrates) the file and says what it holds; the loader fills it while the
  // app has it closed; the app then adds the bench user.
  const app = await createApp({ workspace: file })
  let count: number
  try {
    const row = await app.services.deps.db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    count = Number(row.n)
  } finally {
    await app.close()
  }
  if (!fresh && count === leads) return file
  if (count !== 0) throw new Error(`${file} holds ${count} leads; delete it to rebuild`)
  const t = performance.now()
  process.stderr.write(`building ${leads.toLocaleString()} leads in ${file}\n`)
  build(file, leads)
  withSqliteWorkspace(file, (db) => traces(db, Math.min(leads, TRACED)))
  const built = await createApp({ workspace: file })
  try {
    await built.services.auth.setup(BENCH_USER)
  } finally {
    await built.close()
  }
  process.stderr.write(`  built in ${((performance.now() - t) / 1000).toFixed(1)} s\n`)
  return file
}

/** The events a sold lead collects (written by the SQLite loader), as the pipeline writes them (one per step, a line per bid). */
function traces(db: Database.Database, n: number): void {
  const insert = db.prepare(
    `INSERT INTO lead_events (lead_id, at, stage, kind, message, data) VALUES (?, ?, ?, ?, ?, ?)`,
  )
  const newest = db
    .prepare(`SELECT id, status, created_at FROM leads ORDER BY created_at DESC, id DESC LIMIT ?`)
    .all(n) as {
    id: number
    status: string
    created_at: number
  }[]
  const bids = Array.from(
    { length: 12 },
    (_, i) =>
      `Customer ${i + 1}: ${i % 3 === 0 ? `daily cap ${40 + i}/${40 + i}` : `wallet 12.00 < price ${15 + i}.00`}`,
  ).join('\n')
  db.transaction(() => {
    for (const lead of newest) {
      const at = lead.created_at
      insert.run(lead.id, at, 'intake', 'received', 'Received from Source 12', null)
      insert.run(lead.id, at, 'validate', 'pass', 'All required fields present and valid', null)
      insert.run(lead.id, at, 'classify', 'classified', 'Lead type Type 7.2 (state is CA)', JSON.stringify({ rule: 3 }))
      insert.run(lead.id, at, 'duplicate', 'pass', 'No duplicate on email or phone within 30 days', null)
      insert.run(lead.id, at, 'audit', 'pass', 'No audit rule matched', null)
      insert.run(lead.id, at, 'threshold', 'pass', 'No subscription threshold', null)
      insert.run(lead.id, at + 3, 'bidding', 'candidates', bids, JSON.stringify({ eligible: 3, refused: 12 }))
      insert.run(
        lead.id,
        at + 4,
        'bidding',
        lead.status === 'Assigned' ? 'assigned' : 'unassigned',
        lead.status === 'Assigned' ? 'Assigned to Customer 42 at $15.00 (highest eligible bid)' : 'No eligible bid',
        null,
      )
    }
  })()
}
