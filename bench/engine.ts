/**
 * Distribution throughput: LEADS leads (default 100,000) go in-process through intake → validation →
 * classification → duplicate check against a HISTORY-lead workspace (default 1,000,000) → audit →
 * threshold → bidding over 500 active bids → assignment with its wallet charge, exactly as the intake
 * API calls `distribution.ingest`. In the same run, the *raw floor*: hand-written better-sqlite3 doing
 * the same reads and writes per lead (duplicate look-ups, the winner's balance, the lead row in its
 * final state, the same number of event rows, the ledger row and the balance), one transaction per
 * lead, on an identical copy of the workspace.
 *
 *   npm run bench -- engine                 prints one JSON line last
 *   LEADS=20000 HISTORY=200000 npm run bench -- engine
 *   CONCURRENCY=1 npm run bench -- engine   one caller at a time (groups of one; default 8 callers)
 *   npm run bench -- engine --database postgres://USER@HOST/postgres
 *       the same on PostgreSQL: the history workspace is copied into two fresh databases (dropped
 *       after), the engine runs on one and a raw `pg` floor (engine-pg-floor.ts) on the other.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Database, { type Statement } from 'better-sqlite3'
import { migrations } from '../src/main/db/migrations'
import { ConfigSeedRepository } from '../src/main/db/repositories/distribution/seed'
import { inTransaction } from '../src/main/db/transaction'
import { createApp } from '../src/main/host/app'
import { periodStartsCached } from '../src/main/engine/periods'
import { parseArgs } from 'node:util'
import { copyWorkspace } from '../src/main/db/copy-workspace'
import { pgFloorRunner } from './engine-pg-floor'
import { sqliteBulkLoadLeads, withSqliteWorkspace } from './support-bulk'
import { freshDatabase } from './support-postgres'

const LEADS = Number(process.env.LEADS ?? 100_000)
const HISTORY = Number(process.env.HISTORY ?? 1_000_000)
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8)
const BIDS = 500
const TYPES = 10
const CUSTOMERS = 50
const DAY = 86_400_000
const DIR = join(__dirname, '..', '.bench')
// Named after the schema version, so a new migration builds a new template (both runs get the same schema).
const TEMPLATE = join(DIR, `engine-history-${HISTORY}-m${migrations.length}.db`)
const STATES = ['CA', 'TX', 'NY', 'FL', 'WA', 'IL', 'AZ', 'GA', 'CO', 'MA']
const NOW = Date.now()

/** Deterministic chance so both runs see the same leads. */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
}

function phone(n: number): string {
  // Area code 415, exchange 200–999, line from the counter: unique and valid for n < 8,000,000.
  return `+1415${200 + Math.floor(n / 10_000)}${String(n % 10_000).padStart(4, '0')}`
}

async function buildTemplate(): Promise<void> {
  mkdirSync(DIR, { recursive: true })
  const path = `${TEMPLATE}.building`
  rmSync(path, { force: true })
  // The configuration through the app (migrated, in one unit of work); the history through the
  // SQLite loader once the app has closed the file.
  const app = await createApp({ workspace: path })
  const seed = new ConfigSeedRepository(() => NOW)
  const rand = lcg(42)
  await inTransaction(app.services.deps.db, async (trx) => {
    const plan = await seed.plan(trx, 'Bidding', [{ kind: 'bidding' }])
    const category = await seed.category(trx, {
      slug: 'auto',
      name: 'Auto insurance',
      duplicateRule: { keys: ['email', 'phone'], days: 30 },
      auditRule: { conditions: null, sourceIds: [], samplePercent: 0 },
      defaultPlanId: plan,
    })
    const fields: [string, string, boolean][] = [
      ['first_name', 'text', true],
      ['last_name', 'text', true],
      ['email', 'email', true],
      ['phone', 'phone', true],
      ['state', 'text', true],
      ['zip', 'zip', true],
      ['vehicles', 'number', false],
    ]
    for (const [position, [key, type, required]] of fields.entries()) {
      await seed.field(trx, {
        categoryId: category,
        key,
        label: key,
        type,
        required,
        standard: key !== 'vehicles',
        position,
      })
    }
    const types: number[] = []
    for (const [i, state] of STATES.entries()) {
      types.push(
        await seed.leadType(trx, {
          categoryId: category,
          name: `Auto ${state}`,
          priority: i + 1,
          conditions: { match: 'all', conditions: [{ field: 'state', op: 'equals', value: state }] },
          planId: null,
        }),
      )
    }
    await seed.leadType(trx, {
      categoryId: category,
      name: 'Auto other',
      priority: 99,
      conditions: null,
      isFallback: true,
      planId: null,
    })
    await seed.source(trx, {
      name: 'Bench source',
      apiKeyHash: 'bench',
      apiKeyHint: 'bnch',
      defaultCategoryId: category,
      costPerLeadCents: 0,
    })
    const customers: number[] = []
    for (let c = 0; c < CUSTOMERS; c++) {
      const id = await seed.customer(trx, {
        name: `Buyer ${c + 1}`,
        email: `b${c}@example.com`,
        company: `Buyer ${c + 1}`,
        delivery: { method: 'none' },
        lowBalanceCents: 0,
      })
      await seed.openingDeposit(trx, id, 1_000_000_000_000, 'bench')
      customers.push(id)
    }
    for (let b = 0; b < BIDS; b++) {
      await seed.bid(trx, {
        customerId: customers[b % CUSTOMERS] ?? 1,
        leadTypeId: types[b % TYPES] ?? 1,
        priceCents: 500 + Math.floor(rand() * 40) * 100,
        priority: Math.floor(rand() * 3),
        // Real-looking limits that the run never reaches, so every bid is checked in full.
        capDay: 1_000_000,
        capMonth: 10_000_000,
        budgetDayCents: 1_000_000_000_000,
        filters: { match: 'all', conditions: [{ field: 'vehicles', op: 'lt', value: 10 }] },
      })
    }
  })
  await app.close()

  withSqliteWorkspace(path, (db) =>
    sqliteBulkLoadLeads(db, () => {
      const insert = db.prepare(
        `INSERT INTO leads (uuid, status, first_name, last_name, email, phone, state, zip, details, source_id, category_id,
         lead_type_id, created_at, updated_at) VALUES (?, 'Unassigned', 'Old', 'Lead', ?, ?, ?, '94103', '{}', 1, 1, 1, ?, ?)`,
      )
      const span = 60 * DAY
      for (let start = 0; start < HISTORY; start += 100_000) {
        db.transaction(() => {
          for (let i = start; i < Math.min(HISTORY, start + 100_000); i++) {
            const created = NOW - span + Math.floor((i / HISTORY) * span)
            insert.run(`h-${i}`, `old.${i}@example.com`, phone(i), STATES[i % STATES.length], created, created)
          }
        })()
        process.stderr.write(`  history ${Math.min(HISTORY, start + 100_000).toLocaleString()}\r`)
      }
    }),
  )
  copyFileSync(path, TEMPLATE)
  rmSync(path, { force: true })
}

/** The leads of the run: 2 % repeat a recent history lead's email (Duplicate). */
function leadAt(i: number, rand: () => number): Record<string, unknown> {
  const dup = rand() < 0.02
  const old = HISTORY - 1 - Math.floor(rand() * (HISTORY / 4))
  return {
    first_name: 'Bench',
    last_name: `Lead${i}`,
    email: dup ? `old.${old}@example.com` : `new.${i}@example.com`,
    phone: phone(HISTORY + i),
    state: STATES[Math.floor(rand() * STATES.length)],
    zip: '94103',
    vehicles: 1 + Math.floor(rand() * 4),
  }
}

function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0
}

interface Runner {
  /** Leads [from, to) of the run; returns each lead's latency in ms. */
  chunk(from: number, to: number): Promise<number[]> | number[]
  close(): Promise<void> | void
}

async function engineRunner(path: string, statuses: Record<string, number>): Promise<Runner> {
  const app = await createApp({ workspace: path, jobs: false })
  const rand = lcg(7)
  return {
    async chunk(from, to) {
      const latencies: number[] = []
      let next = from
      // CONCURRENCY callers at once, as the intake server sees concurrent requests.
      const worker = async (): Promise<void> => {
        while (next < to) {
          const i = next++
          const fields = leadAt(i, rand)
          const t = performance.now()
          const r = await app.services.distribution.ingest({ sourceId: 1, categorySlug: 'auto', fields })
          latencies.push(performance.now() - t)
          statuses[r.status] = (statuses[r.status] ?? 0) + 1
        }
      }
      await Promise.all(Array.from({ length: CONCURRENCY }, worker))
      return latencies
    },
    close: () => app.close(),
  }
}

/** The floor: the same reads and writes with hand-written statements, one transaction per lead. */
function rawRunner(path: string): { chunk(from: number, to: number): number[]; close(): void } {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('cache_size = -65536')
  db.pragma('temp_store = MEMORY')
  const bids = db.prepare('SELECT id, customer_id, lead_type_id, price_cents FROM bids').all() as {
    id: number
    customer_id: number
    lead_type_id: number
    price_cents: number
  }[]
  const types = db.prepare('SELECT id, name FROM lead_types ORDER BY id').all() as { id: number; name: string }[]
  const since = NOW - 30 * DAY
  const dupEmail = db.prepare(
    'SELECT id, uuid FROM leads WHERE email = ? AND created_at >= ? AND category_id = ? AND id < ? ORDER BY created_at DESC LIMIT 1',
  )
  const dupPhone = db.prepare(
    'SELECT id, uuid FROM leads WHERE phone = ? AND created_at >= ? AND category_id = ? AND id < ? ORDER BY created_at DESC LIMIT 1',
  )
  const balance = db.prepare('SELECT balance_cents FROM customers WHERE id = ?')
  const insertLead = db.prepare(
    `INSERT INTO leads (uuid, status, first_name, last_name, email, phone, state, zip, details, source_id, category_id,
       lead_type_id, customer_id, bid_id, charged_cents, assigned_at, processed_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const event = db.prepare(
    'INSERT INTO lead_events (lead_id, at, stage, kind, message, data) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const ledger = db.prepare(
    `INSERT INTO wallet_transactions (customer_id, kind, amount_cents, lead_id, created_at) VALUES (?, 'charge', ?, ?, ?)`,
  )
  const move = db.prepare('UPDATE customers SET balance_cents = balance_cents - ? WHERE id = ?')
  // Caps and budgets are counted in the database: read before bidding, moved by a guarded UPDATE.
  const p = periodStartsCached(Date.now(), null)
  const seedUsage = db.prepare('INSERT OR IGNORE INTO bid_usage VALUES (?, ?, 0, 0, ?, 0, ?, 0, 0)')
  for (const b of bids) seedUsage.run(b.id, p.day, p.week, p.month)
  const usageOf = new Map<number, Statement>()
  for (const t of types) {
    const n = bids.filter((b) => b.lead_type_id === t.id).length
    usageOf.set(
      t.id,
      db.prepare(`SELECT * FROM bid_usage WHERE bid_id IN (${Array(Math.max(n, 1)).fill('?').join(', ')})`),
    )
  }
  const current = (column: string, from: string) => `(CASE WHEN ${from} = ? THEN ${column} ELSE 0 END)`
  const take = db.prepare(
    `UPDATE bid_usage SET day_leads = ${current('day_leads', 'day_from')} + 1, day_cents = ${current('day_cents', 'day_from')} + ?,
       day_from = ?, week_leads = ${current('week_leads', 'week_from')} + 1, week_from = ?,
       month_leads = ${current('month_leads', 'month_from')} + 1, month_cents = ${current('month_cents', 'month_from')} + ?, month_from = ?
     WHERE bid_id = ? AND ${current('day_leads', 'day_from')} < ? AND ${current('month_leads', 'month_from')} < ?
       AND ${current('day_cents', 'day_from')} + ? <= ?`,
  )
  const processed = db.prepare('UPDATE subscription_usage SET processed = processed + 1 WHERE period_start = ?')
  const rand = lcg(7)
  const one = db.transaction((i: number) => {
    const f = leadAt(i, rand)
    const now = Date.now()
    const type = types[STATES.indexOf(String(f.state))] ?? types[0]
    const max = Number.MAX_SAFE_INTEGER
    const dup = dupEmail.get(f.email, since, 1, max) ?? dupPhone.get(f.phone, since, 1, max)
    const typeBids = bids.filter((b) => b.lead_type_id === type?.id)
    if (!dup && type) {
      usageOf.get(type.id)?.all(...typeBids.map((b) => b.id))
      processed.run(p.month)
    }
    const winner = typeBids.reduce<(typeof bids)[number] | undefined>(
      (a, b) => (a === undefined || b.price_cents > a.price_cents ? b : a),
      undefined,
    )
    const sold =
      !dup &&
      winner !== undefined &&
      (balance.get(winner.customer_id) as { balance_cents: number }).balance_cents >= winner.price_cents
    const id = Number(
      insertLead.run(
        `raw-${i}`,
        dup ? 'Duplicate' : 'Assigned',
        f.first_name,
        f.last_name,
        f.email,
        f.phone,
        f.state,
        f.zip,
        JSON.stringify({ vehicles: f.vehicles }),
        type?.id ?? null,
        sold ? winner?.customer_id : null,
        sold ? winner?.id : null,
        sold ? winner?.price_cents : null,
        sold ? now : null,
        sold ? now : null,
        now,
        now,
      ).lastInsertRowid,
    )
    event.run(id, now, 'intake', 'received', 'Received from Bench source', '{"sourceId":1}')
    event.run(id, now, 'classify', 'classified', `Auto insurance / ${type?.name}`, '{}')
    if (dup) {
      event.run(id, now, 'duplicate', 'duplicate', 'duplicate of x on email within 30 days', '{}')
      return
    }
    event.run(id, now, 'duplicate', 'pass', 'No duplicate on email, phone within 30 days', null)
    event.run(id, now, 'audit', 'pass', 'no audit condition matched', null)
    event.run(id, now, 'threshold', 'pass', 'No subscription threshold', null)
    event.run(
      id,
      now,
      'bidding',
      'bids',
      typeBids.map((b) => `Bid #${b.id} ${b.price_cents}: eligible`).join('\n'),
      JSON.stringify({
        bids: typeBids.map((b) => ({
          bidId: b.id,
          customerId: b.customer_id,
          priceCents: b.price_cents,
          eligible: true,
        })),
      }),
    )
    if (sold && winner) {
      const price = winner.price_cents
      take.run(
        p.day,
        p.day,
        price,
        p.day,
        p.week,
        p.week,
        p.month,
        p.month,
        price,
        p.month,
        winner.id,
        p.day,
        1_000_000,
        p.month,
        10_000_000,
        p.day,
        price,
        1_000_000_000_000,
      )
      ledger.run(winner.customer_id, -winner.price_cents, id, now)
      move.run(winner.price_cents, winner.customer_id)
      event.run(id, now, 'bidding', 'assigned', `Assigned at ${winner.price_cents}`, '{}')
    }
  })
  return {
    chunk(from, to) {
      const latencies: number[] = []
      for (let i = from; i < to; i++) {
        const t = performance.now()
        one(i)
        latencies.push(performance.now() - t)
      }
      return latencies
    },
    close: () => void db.close(),
  }
}

/** Two fresh PostgreSQL databases holding the history workspace; dropped by the returned function. */
async function postgresCopies(base: string): Promise<{ engine: string; raw: string; drop(): Promise<void> }> {
  const copies: { url: string; drop(): Promise<void> }[] = []
  for (const name of ['leadline_bench_engine_run', 'leadline_bench_engine_raw']) {
    const database = await freshDatabase(base, name)
    process.stderr.write(`Copying the history into ${name}…\n`)
    await copyWorkspace({ file: TEMPLATE, url: database.url })
    copies.push(database)
  }
  const [engine, raw] = copies as [(typeof copies)[number], (typeof copies)[number]]
  return {
    engine: engine.url,
    raw: raw.url,
    drop: async () => {
      for (const c of copies) await c.drop()
    },
  }
}

export async function run(args: string[] = []): Promise<void> {
  const { values } = parseArgs({ args, options: { database: { type: 'string' } } })
  if (!existsSync(TEMPLATE)) {
    process.stderr.write(`Building a ${HISTORY.toLocaleString()}-lead history workspace (once, kept in .bench/)…\n`)
    await buildTemplate()
  }
  const enginePath = join(DIR, 'engine-run.db')
  const rawPath = join(DIR, 'engine-raw.db')
  const onPostgres = values.database !== undefined
  const copies = onPostgres ? await postgresCopies(values.database as string) : null
  if (!copies) {
    for (const p of [enginePath, rawPath]) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(p + suffix, { force: true })
      copyFileSync(TEMPLATE, p)
    }
  }
  // The two runs alternate in chunks, so a busy machine slows both alike and the ratio stays fair.
  const statuses: Record<string, number> = {}
  const engine = await engineRunner(copies?.engine ?? enginePath, statuses)
  const raw: Runner = copies
    ? await pgFloorRunner(copies.raw, { leadAt, rand: lcg(7), states: STATES, since: NOW - 30 * DAY })
    : rawRunner(rawPath)
  const CHUNK = 500
  const times = { engine: 0, raw: 0 }
  // CPU time too: on a shared machine it varies less than the wall clock.
  const cpu = { engine: 0, raw: 0 }
  const cpuSince = (start: NodeJS.CpuUsage): number => {
    const u = process.cpuUsage(start)
    return (u.user + u.system) / 1000
  }
  const latencies: { engine: number[]; raw: number[] } = { engine: [], raw: [] }
  for (let from = 0; from < LEADS; from += CHUNK) {
    const to = Math.min(LEADS, from + CHUNK)
    let t = performance.now()
    let c = process.cpuUsage()
    latencies.raw.push(...(await raw.chunk(from, to)))
    times.raw += performance.now() - t
    cpu.raw += cpuSince(c)
    t = performance.now()
    c = process.cpuUsage()
    latencies.engine.push(...(await engine.chunk(from, to)))
    times.engine += performance.now() - t
    cpu.engine += cpuSince(c)
    process.stderr.write(`  ${to.toLocaleString()} leads each\r`)
  }
  await engine.close()
  await raw.close()
  const enginePerSecond = LEADS / (times.engine / 1000)
  const rawPerSecond = LEADS / (times.raw / 1000)
  process.stderr.write(`\n  statuses ${JSON.stringify(statuses)}; raw floor p99 ${p99(latencies.raw).toFixed(2)} ms\n`)
  for (const p of [enginePath, rawPath]) for (const suffix of ['', '-wal', '-shm']) rmSync(p + suffix, { force: true })
  await copies?.drop()
  console.log(
    JSON.stringify({
      bench: 'engine',
      database: onPostgres ? 'postgres' : 'sqlite',
      leads: LEADS,
      history: HISTORY,
      bids: BIDS,
      concurrency: CONCURRENCY,
      leads_per_s: Math.round(enginePerSecond),
      raw_floor_per_s: Math.round(rawPerSecond),
      ratio: Number((enginePerSecond / rawPerSecond).toFixed(2)),
      p99_ms: Number(p99(latencies.engine).toFixed(2)),
      raw_floor_p99_ms: Number(p99(latencies.raw).toFixed(2)),
      cpu_ms_per_lead: Number((cpu.engine / LEADS).toFixed(3)),
      raw_floor_cpu_ms_per_lead: Number((cpu.raw / LEADS).toFixed(3)),
    }),
  )
}
