/**
 * Leads table queries on a 1,000,000-lead workspace, measured through the dispatcher exactly as
 * the renderer calls them. The workspace is built once (rows inserted directly, in a few large
 * transactions, with the indexes and the search index rebuilt afterwards) and reused.
 *
 *   npm run bench -- queries            reuse .bench/queries-1m.db or build it
 *   LEADS=200000 npm run bench -- queries   a smaller workspace (another file)
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type Database from 'better-sqlite3'
import { createApp, type LeadlineApp } from '../src/main/host/app'
import { sqliteBulkLoadLeads, withSqliteWorkspace } from './support-bulk'

const LEADS = Number(process.env.LEADS ?? 1_000_000)
const RUNS = Number(process.env.RUNS ?? 200)
const DIR = join(__dirname, '..', '.bench')
const FILE = join(DIR, LEADS === 1_000_000 ? 'queries-1m.db' : `queries-${LEADS}.db`)
const DAY = 86_400_000
const NOW = Date.UTC(2026, 10, 1)

const FIRST = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'William',
  'Elizabeth',
  'David',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'Maria',
  'Omar',
  'Ravi',
  'Lena',
  'Sven',
  'Julia',
  'Kim',
  'Ana',
  'Ben',
  'Tom',
]
// A hundred common surnames: each word of a name search then matches about 1% of the leads.
const LAST = `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson
  Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker
  Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter
  Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers
  Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood
  James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez`.split(
  /\s+/,
)
// Roughly what a busy workspace looks like: most leads sold or unplaced, few in the rarer states.
const STATUS_WEIGHTS: [string, number][] = [
  ['Assigned', 38],
  ['Posted', 10],
  ['Returned', 3],
  ['Unassigned', 20],
  ['Duplicate', 12],
  ['Marketplace', 4],
  ['Audit', 2],
  ['Withheld', 2],
  ['Uncategorized', 4],
  ['Distribution Error', 1],
  ['Pending', 4],
]

/** Deterministic pseudo-random numbers, so two builds are the same workspace. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Fills an empty (migrated, closed) workspace file with `leads` leads through the SQLite loader
 * (shared with the ui benchmark).
 */
export function build(file: string, leads: number = LEADS): void {
  withSqliteWorkspace(file, (db) => load(db, leads))
}

function load(db: Database.Database, leads: number): void {
  const LEADS = leads
  const rand = rng(42)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T
  const statusTable: string[] = STATUS_WEIGHTS.flatMap(([s, w]) => Array<string>(w).fill(s))
  db.pragma('synchronous = OFF')

  db.transaction(() => {
    for (let c = 1; c <= 20; c++) {
      db.prepare(`INSERT INTO categories (id, slug, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(
        c,
        `cat-${c}`,
        `Category ${c}`,
        NOW,
        NOW,
      )
      for (let t = 1; t <= 5; t++) {
        db.prepare(
          `INSERT INTO lead_types (category_id, name, priority, is_fallback, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(c, `Type ${c}.${t}`, t, t === 5 ? 1 : 0, NOW, NOW)
      }
    }
    for (let s = 1; s <= 50; s++) {
      db.prepare(`INSERT INTO sources (name, api_key_hash, api_key_hint, created_at) VALUES (?, ?, ?, ?)`).run(
        `Source ${s}`,
        `hash-${s}`,
        'll_…',
        NOW,
      )
    }
    for (let c = 1; c <= 200; c++) {
      db.prepare(`INSERT INTO customers (name, created_at) VALUES (?, ?)`).run(`Customer ${c}`, NOW)
    }
  })()

  // Secondary indexes and the search index are dropped during the load and rebuilt at the end:
  // building an index once over sorted data is far cheaper than a million random inserts.
  sqliteBulkLoadLeads(db, () => {
    const insert = db.prepare(
      `INSERT INTO leads (id, uuid, status, first_name, last_name, email, phone, state, zip, details, source_id, category_id,
         lead_type_id, customer_id, charged_cents, assigned_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const span = 365 * DAY
    const chunk = 100_000
    for (let start = 0; start < LEADS; start += chunk) {
      db.transaction(() => {
        for (let i = start; i < Math.min(LEADS, start + chunk); i++) {
          const id = i + 1
          const created = NOW - span + Math.floor((i / LEADS) * span)
          const status = pick(statusTable)
          const category = 1 + Math.floor(rand() * 20)
          const type = (category - 1) * 5 + 1 + Math.floor(rand() * 5)
          const sold = status === 'Assigned' || status === 'Returned'
          const first = pick(FIRST)
          const last = pick(LAST)
          insert.run(
            id,
            `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
            status,
            first,
            last,
            `${first}.${last}${id}@${pick(['gmail.com', 'yahoo.com', 'outlook.com', 'mail.test'])}`.toLowerCase(),
            `+1${String(2000000000 + ((id * 7919) % 8000000000)).padStart(10, '0')}`,
            pick(['CA', 'TX', 'NY', 'FL', 'WA']),
            String(10000 + (id % 89999)),
            1 + Math.floor(rand() * 50),
            category,
            status === 'Uncategorized' ? null : type,
            sold ? 1 + Math.floor(rand() * 200) : null,
            sold ? 1000 + Math.floor(rand() * 20) * 100 : null,
            sold ? created + 1000 : null,
            created,
            created,
          )
        }
      })()
      process.stderr.write(`  ${Math.min(LEADS, start + chunk).toLocaleString()} leads\r`)
    }
  })
  db.pragma('synchronous = NORMAL')
}

async function countOf(app: LeadlineApp, table: 'leads' | 'users'): Promise<number> {
  const row = await app.services.deps.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

function p95(samples: number[]): number {
  return percentile(samples, 0.95)
}

function percentile(samples: number[], share: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return Math.round((sorted[Math.ceil(sorted.length * share) - 1] ?? 0) * 100) / 100
}

/** Medians of the searches, printed beside the p95s: steadier when other work shares the cores. */
const medians: Record<string, number> = {}

async function measure(app: LeadlineApp, token: string, input: unknown, median?: string): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    const r = await app.dispatch('leads/list', input, token)
    times.push(performance.now() - t)
    if (!r.ok) throw new Error(JSON.stringify(r.error))
  }
  if (median) medians[median] = percentile(times, 0.5)
  return p95(times)
}

export async function run(_args: string[] = []): Promise<void> {
  mkdirSync(DIR, { recursive: true })
  const fresh = !existsSync(FILE)
  let app = await createApp({ workspace: FILE })
  try {
    const count = await countOf(app, 'leads')
    if (fresh || count !== LEADS) {
      if (count !== 0) throw new Error(`${FILE} holds ${count} leads; delete it to rebuild`)
      // The loader writes the file on its own connection while the app has it closed.
      await app.close()
      const t = performance.now()
      process.stderr.write(`building ${LEADS.toLocaleString()} leads in ${FILE}\n`)
      build(FILE, LEADS)
      process.stderr.write(`  built in ${((performance.now() - t) / 1000).toFixed(1)} s\n`)
      app = await createApp({ workspace: FILE })
    }
    const users = await countOf(app, 'users')
    const token =
      users === 0
        ? (await app.services.auth.setup({ name: 'Bench', email: 'bench@example.com', password: 'bench-password' }))
            .token
        : (await app.services.auth.login('bench@example.com', 'bench-password', 'bench')).token

    const sort = { column: 'createdAt', direction: 'desc' }
    const filters: Record<string, object> = {
      none: {},
      status: { status: ['Unassigned'] },
      sold: { sold: true },
      category: { categoryId: [7] },
      leadType: { leadTypeId: [33] },
      source: { sourceId: [12] },
      customer: { customerId: [42] },
      created: { createdFrom: NOW - 30 * DAY, createdTo: NOW - 10 * DAY },
    }
    const pages: Record<string, number> = {}
    for (const [name, filter] of Object.entries(filters)) {
      pages[name] = await measure(app, token, { page: 1, pageSize: 50, sort, filter })
    }
    const deep = await measure(app, token, { page: 200, pageSize: 50, sort, filter: {} })
    const deepFiltered = await measure(app, token, { page: 200, pageSize: 50, sort, filter: { status: ['Assigned'] } })
    // The total of a broad filter: every page call returns it, so the smallest page isolates it.
    const countBroad = await measure(app, token, {
      page: 1,
      pageSize: 1,
      sort,
      filter: { createdFrom: NOW - 180 * DAY },
    })
    const countSold = await measure(app, token, { page: 1, pageSize: 1, sort, filter: { sold: true } })
    const search = await measure(app, token, { page: 1, pageSize: 50, sort, filter: { search: 'maria lopez' } }, 'name')
    const searchRare = await measure(
      app,
      token,
      { page: 1, pageSize: 50, sort, filter: { search: 'ravi jimenez' } },
      'rare_name',
    )
    const searchEmail = await measure(
      app,
      token,
      { page: 1, pageSize: 50, sort, filter: { search: 'maria.lopez12' } },
      'email',
    )
    const searchPhone = await measure(
      app,
      token,
      { page: 1, pageSize: 50, sort, filter: { search: '(212) 555' } },
      'phone_start',
    )
    // A lead's UUID as a customer quotes it, and the last digits of a phone (migration 080).
    const middle = Math.ceil(LEADS / 2)
    const uuid = `00000000-0000-4000-8000-${String(middle).padStart(12, '0')}`
    const searchUuid = await measure(app, token, { page: 1, pageSize: 50, sort, filter: { search: uuid } }, 'uuid')
    const { phone } = await app.services.deps.db
      .selectFrom('leads')
      .select('phone')
      .where('id', '=', middle)
      .executeTakeFirstOrThrow()
    if (phone === null) throw new Error(`lead ${middle} has no phone`)
    const searchLast4 = await measure(
      app,
      token,
      { page: 1, pageSize: 50, sort, filter: { search: phone.slice(-4) } },
      'phone_last4',
    )
    const searchLast6 = await measure(
      app,
      token,
      { page: 1, pageSize: 50, sort, filter: { search: phone.slice(-6) } },
      'phone_last6',
    )

    process.stderr.write(`  page p95 by filter (ms): ${JSON.stringify(pages)}\n`)
    process.stderr.write(`  search medians (ms): ${JSON.stringify(medians)}\n`)
    process.stderr.write(
      `  deep page filtered: ${deepFiltered} ms; count sold: ${countSold} ms; rare search: ${searchRare} ms; email: ${searchEmail} ms; phone: ${searchPhone} ms; uuid: ${searchUuid} ms; phone last 4: ${searchLast4} ms; last 6: ${searchLast6} ms\n`,
    )
    const result = {
      bench: 'queries',
      leads: LEADS,
      page_p95_ms: Math.max(...Object.values(pages)),
      deep_page_p95_ms: Math.max(deep, deepFiltered),
      count_p95_ms: Math.max(countBroad, countSold),
      search_p95_ms: Math.max(search, searchRare, searchEmail, searchPhone),
      search_uuid_p95_ms: searchUuid,
      search_phone_end_p95_ms: Math.max(searchLast4, searchLast6),
    }
    console.log(JSON.stringify(result))
  } finally {
    await app.close()
  }
}
