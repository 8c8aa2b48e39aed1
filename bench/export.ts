/**
 * CSV export of 1,000,000 leads (operator audience: every field), through the export service as
 * the API runs it: keyset pages, formatted and streamed to a file with back-pressure. Reports the
 * process's peak resident memory, sampled every 50 ms.
 *
 *   npm run bench -- export              builds .bench/export-1m.db once, then reuses it
 *   LEADS=200000 npm run bench -- export
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createApp, type LeadlineApp } from '../src/main/host/app'

const LEADS = Number(process.env.LEADS ?? 1_000_000)
const DIR = join(__dirname, '..', '.bench')
const FILE = join(DIR, LEADS === 1_000_000 ? 'export-1m.db' : `export-${LEADS}.db`)
const NOW = Date.UTC(2026, 10, 1)
const STATUSES = ['Assigned', 'Unassigned', 'Duplicate', 'Posted', 'Returned', 'Marketplace', 'Pending']

function build(app: LeadlineApp): void {
  const db = app.services.deps.store.sqlite
  db.pragma('synchronous = OFF')
  db.transaction(() => {
    const field = db.prepare(
      'INSERT INTO fields (category_id, key, label, type, required, deliverable, standard, validation, position) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)',
    )
    for (let c = 1; c <= 5; c++) {
      db.prepare('INSERT INTO categories (id, slug, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(
        c,
        `cat-${c}`,
        `Category ${c}`,
        NOW,
        NOW,
      )
      const keys = ['first_name', 'last_name', 'email', 'phone', 'address', 'city', 'county', 'state', 'zip']
      keys.forEach((k, i) => field.run(c, k, k.replace('_', ' '), 'text', 1, 1, '{}', i))
      field.run(c, 'vehicles', 'Vehicles', 'number', 1, 0, '{}', 10)
      field.run(c, 'credit_score', 'Credit score', 'text', 0, 0, '{}', 11)
      field.run(c, `note_${c}`, `Note ${c}`, 'text', 1, 0, '{}', 12)
    }
    for (let s = 1; s <= 20; s++) {
      db.prepare('INSERT INTO sources (name, api_key_hash, api_key_hint, created_at) VALUES (?, ?, ?, ?)').run(
        `Source ${s}`,
        `h-${s}`,
        'x',
        NOW,
      )
      db.prepare('INSERT INTO customers (name, created_at) VALUES (?, ?)').run(`Customer ${s}`, NOW)
    }
  })()
  const insert = db.prepare(
    `INSERT INTO leads (uuid, status, first_name, last_name, email, phone, address, city, county, state, zip, details,
       source_id, category_id, customer_id, charged_cents, assigned_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const BATCH = 100_000
  for (let start = 0; start < LEADS; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(LEADS, start + BATCH); i++) {
        const status = STATUSES[i % STATUSES.length] ?? 'Pending'
        const sold = status === 'Assigned' || status === 'Returned'
        const c = 1 + (i % 5)
        insert.run(
          `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          status,
          `First${i % 977}`,
          `Last${i % 1999}`,
          `lead${i}@example.com`,
          `+1415555${String(i % 10_000).padStart(4, '0')}`,
          `${i % 900} Market St`,
          'San Francisco',
          'San Francisco',
          'CA',
          String(10_000 + (i % 89_999)),
          JSON.stringify({
            vehicles: 1 + (i % 4),
            credit_score: i % 2 ? 'Good' : '=risky',
            [`note_${c}`]: `note ${i}`,
          }),
          1 + (i % 20),
          c,
          sold ? 1 + (i % 20) : null,
          sold ? 1500 : null,
          sold ? NOW + i : null,
          NOW + i,
          NOW + i,
        )
      }
    })()
  }
}

export async function run(): Promise<void> {
  mkdirSync(DIR, { recursive: true })
  const fresh = !existsSync(FILE)
  const app = await createApp({ workspace: FILE })
  try {
    if (fresh) {
      const started = performance.now()
      build(app)
      console.error(`built ${FILE} with ${LEADS} leads in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    }
    let userId = app.services.deps.store.sqlite
      .prepare("SELECT id FROM users WHERE email = 'bench@example.com'")
      .get() as { id: number } | undefined
    userId ??= {
      id: await app.services.auth.createUserRow(app.services.deps.db, 'Bench', 'bench@example.com', 'Admin', 'x'),
    }
    const actor = { id: userId.id, name: 'Bench' }

    let peak = process.memoryUsage.rss()
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss())
    }, 50)
    const started = performance.now()
    const result = await app.services.exports.start(actor, {
      jobId: 'bench-export',
      audience: 'operator',
      filter: {},
      bom: true,
    })
    const seconds = (performance.now() - started) / 1000
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage.rss())
    if (result.delivery.kind !== 'download') throw new Error('expected a file')
    const [, id, token] = /^\/downloads\/([^?]+)\?token=(.+)$/.exec(result.delivery.url) ?? []
    const file = app.services.files.take(id ?? '', token ?? '')
    if (!file) throw new Error('export file missing')
    const bytes = statSync(file.path).size
    rmSync(file.path, { force: true })
    if (result.rows !== LEADS) throw new Error(`expected ${LEADS} rows, exported ${result.rows}`)
    console.error(`${result.columns} columns, ${(bytes / 1024 / 1024).toFixed(0)} MB written`)
    console.log(
      JSON.stringify({
        bench: 'export',
        rows: result.rows,
        seconds: Number(seconds.toFixed(2)),
        rows_per_s: Math.round(result.rows / seconds),
        peak_rss_mb: Math.round(peak / 1024 / 1024),
      }),
    )
  } finally {
    await app.close()
  }
}
