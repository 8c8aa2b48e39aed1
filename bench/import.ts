/**
 * CSV import of 100,000 generated rows into a category with 12 fields, through the import
 * service exactly as the API runs it (parse → map → validate → duplicate check → one-transaction
 * write with the reverse auctions), against a workspace already holding 1,000,000 leads of the
 * same category received in the last 20 days, so the category's duplicate rule (email or phone
 * within 30 days) looks every row up among them. One row in ten repeats a stored lead and one in a
 * hundred an earlier row of the file; both are skipped. Papaparse alone reads the same file in the
 * same run, for the ratio. The event loop's longest stall during the import is measured with
 * monitorEventLoopDelay.
 *
 *   npm run bench -- import            100,000 rows, 1,000,000 stored leads (built once in .bench/)
 *   ROWS=20000 LEADS=100000 npm run bench -- import
 */
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import type Database from 'better-sqlite3'
import Papa from 'papaparse'
import { createApp } from '../src/main/host/app'
import { bulkLoadLeads } from './support-bulk'

const ROWS = Number(process.env.ROWS ?? 100_000)
const LEADS = Number(process.env.LEADS ?? 1_000_000)
const NOW = Date.UTC(2026, 10, 1)
const DAY = 86_400_000
const BASE = join(__dirname, '..', '.bench', `import-base-${LEADS}.db`)

/** Row i repeats stored lead k (every 10th row) or row i - 7 of the file (every 100th, offset 3). */
const repeatsStored = (i: number) => i % 10 === 5
const repeatsRow = (i: number) => i % 100 === 53
const storedEmail = (k: number) => `stored.${k}@example.com`
const rowEmail = (i: number) => `${(FIRST[i % FIRST.length] ?? '').toLowerCase()}.${i}@example.com`
/** Unique, valid North American numbers: area 415, exchanges 200–299. */
const rowPhone = (i: number) => `(415) ${200 + Math.floor(i / 10_000)}-${String(i % 10_000).padStart(4, '0')}`
const storedPhone = (k: number) => `+1628${String(2_000_000 + k).padStart(7, '0')}`

const HEADERS = [
  'First Name',
  'Last Name',
  'E-mail',
  'Phone 1',
  'Address',
  'City',
  'County',
  'State',
  'Zip Code',
  'Vehicles',
  'Credit Score',
  'Birth Date',
]
const FIRST = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'Ravi', 'Ana']
const LAST = ['Smith', 'Lopez', 'Nguyen', 'Becker', 'Rossi', 'Haddad', 'Olsen', 'Shah', "O'Neil", 'Carter, Jr.']
const STATES = ['CA', 'NY', 'TX', 'FL', 'WA']

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

function generate(path: string): void {
  const lines = [HEADERS.join(',')]
  for (let i = 0; i < ROWS; i++) {
    const first = FIRST[i % FIRST.length] ?? ''
    const last = LAST[(i * 7) % LAST.length] ?? ''
    lines.push(
      [
        first,
        last,
        repeatsStored(i) ? storedEmail((i * 7919) % LEADS) : rowEmail(repeatsRow(i) ? i - 7 : i),
        rowPhone(i),
        `${100 + (i % 900)} Market St, Apt ${i % 50}`,
        'San Francisco',
        'San Francisco',
        STATES[i % STATES.length] ?? 'CA',
        String(10_000 + (i % 89_999)),
        String(1 + (i % 5)),
        ['Good', 'Fair', 'Poor'][i % 3] ?? 'Good',
        `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
      ]
        .map(csvCell)
        .join(','),
    )
  }
  writeFileSync(path, `${lines.join('\r\n')}\r\n`)
}

function seed(db: Database.Database): { categoryId: number; customerId: number } {
  const categoryId = Number(
    db
      .prepare(
        `INSERT INTO categories (slug, name, duplicate_rule, created_at, updated_at)
         VALUES ('auto', 'Auto insurance', '{"keys":["email","phone"],"days":30}', ?, ?)`,
      )
      .run(NOW, NOW).lastInsertRowid,
  )
  const field = db.prepare(
    'INSERT INTO fields (category_id, key, label, type, required, deliverable, standard, validation, position) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)',
  )
  const fields: [string, string, string, number, number, string][] = [
    ['first_name', 'First name', 'text', 1, 1, '{}'],
    ['last_name', 'Last name', 'text', 1, 1, '{}'],
    ['email', 'Email', 'email', 1, 1, '{}'],
    ['phone', 'Phone', 'phone', 1, 1, '{}'],
    ['address', 'Address', 'text', 0, 1, '{}'],
    ['city', 'City', 'text', 0, 1, '{}'],
    ['county', 'County', 'text', 0, 1, '{}'],
    ['state', 'State', 'text', 0, 1, '{}'],
    ['zip', 'ZIP', 'zip', 1, 1, '{}'],
    ['vehicles', 'Vehicles', 'number', 0, 0, '{"min":1,"max":9}'],
    ['credit_score', 'Credit score', 'choice', 0, 0, '{"choices":["Good","Fair","Poor"]}'],
    ['birth_date', 'Birth date', 'date', 0, 0, '{}'],
  ]
  fields.forEach(([key, label, type, required, standard, validation], i) =>
    field.run(categoryId, key, label, type, required, standard, validation, i),
  )
  const customerId = Number(
    db.prepare("INSERT INTO customers (name, created_at) VALUES ('Acme Agency', ?)").run(NOW).lastInsertRowid,
  )
  return { categoryId, customerId }
}

/**
 * The stored leads, all of the import's category and inside its duplicate window. Indexes and
 * triggers are dropped during the load and rebuilt once at the end (as in bench/queries.ts).
 */
function storeLeads(db: Database.Database, categoryId: number, now: number): void {
  bulkLoadLeads(db, () => {
    const insert = db.prepare(
      `INSERT INTO leads (id, uuid, status, first_name, last_name, email, phone, state, zip, details, category_id,
         created_at, updated_at) VALUES (?, ?, 'Unassigned', ?, ?, ?, ?, 'CA', '94107', '{}', ?, ?, ?)`,
    )
    const chunk = 100_000
    for (let start = 0; start < LEADS; start += chunk) {
      db.transaction(() => {
        for (let k = start; k < Math.min(LEADS, start + chunk); k++) {
          const created = now - 20 * DAY + Math.floor((k / LEADS) * 20 * DAY)
          insert.run(
            k + 1,
            `00000000-0000-4000-8000-${String(k + 1).padStart(12, '0')}`,
            FIRST[k % FIRST.length],
            LAST[k % LAST.length],
            storedEmail(k),
            storedPhone(k),
            categoryId,
            created,
            created,
          )
        }
      })()
      process.stderr.write(`  ${Math.min(LEADS, start + chunk).toLocaleString()} leads\r`)
    }
  })
}

/** The 1,000,000-lead workspace, built once (its leads are dated from the build) and copied per run. */
async function baseWorkspace(): Promise<void> {
  if (existsSync(BASE)) {
    const age = Date.now() - statSync(BASE).mtimeMs
    // Older than ten days, its leads would start leaving the 30-day window.
    if (age < 10 * DAY) return
    rmSync(BASE)
  }
  mkdirSync(join(__dirname, '..', '.bench'), { recursive: true })
  process.stderr.write(`building ${LEADS.toLocaleString()} stored leads in ${BASE}\n`)
  const app = await createApp({ workspace: BASE, backgroundCheckpoints: false })
  const db = app.services.deps.store.sqlite
  db.pragma('synchronous = OFF')
  const { categoryId } = seed(db)
  storeLeads(db, categoryId, Date.now())
  db.pragma('wal_checkpoint(TRUNCATE)')
  await app.close()
}

async function parseOnly(path: string): Promise<{ rows: number; seconds: number }> {
  const started = performance.now()
  let rows = 0
  await new Promise<void>((resolve, reject) => {
    Papa.parse(createReadStream(path), {
      skipEmptyLines: 'greedy',
      step: () => {
        rows += 1
      },
      complete: () => resolve(),
      error: reject,
    })
  })
  return { rows: rows - 1, seconds: (performance.now() - started) / 1000 }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-bench-import-'))
  try {
    const csv = join(dir, 'leads.csv')
    generate(csv)
    await baseWorkspace()
    const workspace = join(dir, 'workspace.db')
    copyFileSync(BASE, workspace)
    const app = await createApp({ workspace })
    const db = app.services.deps.store.sqlite
    const ids = db
      .prepare('SELECT (SELECT id FROM categories) AS categoryId, (SELECT id FROM customers) AS customerId')
      .get() as {
      categoryId: number
      customerId: number
    }
    const { categoryId, customerId } = ids
    const userId = await app.services.auth.createUserRow(
      app.services.deps.db,
      'Bench',
      'bench@example.com',
      'Admin',
      'x',
    )
    const actor = { id: userId, name: 'Bench' }
    const imports = app.services.imports

    // The file reaches the main process as it does from the page: base64 chunks of 8 MB.
    const bytes = statSync(csv).size
    const whole = readFileSync(csv)
    let uploadId: string | undefined
    for (let at = 0; at < whole.length; at += 8 * 1024 * 1024) {
      const chunk = whole.subarray(at, at + 8 * 1024 * 1024)
      const done = at + chunk.length >= whole.length
      uploadId = imports.upload(actor, {
        uploadId,
        fileName: 'leads.csv',
        chunk: chunk.toString('base64'),
        done,
      }).uploadId
    }
    if (!uploadId) throw new Error('upload failed')
    const preview = await imports.preview(actor, { uploadId, categoryId, fixed: {} })

    const parse = await parseOnly(csv)

    const lag = monitorEventLoopDelay({ resolution: 5 })
    lag.enable()
    const started = performance.now()
    const result = await imports.start(actor, {
      uploadId,
      categoryId,
      customerId,
      mapping: preview.mapping,
      fixed: {},
      duplicates: 'skip',
      confirmReimport: false,
      auctionHours: 24,
      jobId: 'bench-import',
    })
    const seconds = (performance.now() - started) / 1000
    lag.disable()
    const stored = (db.prepare("SELECT count(*) AS n FROM leads WHERE status = 'Marketplace'").get() as { n: number }).n
    const listings = (
      db.prepare("SELECT count(*) AS n FROM marketplace_listings WHERE kind = 'reverse'").get() as { n: number }
    ).n
    let duplicates = 0
    for (let i = 0; i < ROWS; i++) if (repeatsStored(i) || repeatsRow(i)) duplicates++
    const expected = ROWS - duplicates
    if (
      result.imported !== expected ||
      result.duplicates !== duplicates ||
      stored !== expected ||
      listings !== expected
    ) {
      throw new Error(
        `expected ${expected} leads and ${duplicates} duplicates; imported ${result.imported}, duplicates ${result.duplicates}, stored ${stored}, listings ${listings}`,
      )
    }
    await app.close()
    const rowsPerS = ROWS / seconds
    const parsePerS = parse.rows / parse.seconds
    console.error(
      `file ${(bytes / 1024 / 1024).toFixed(1)} MB, ${HEADERS.length} columns; ${LEADS.toLocaleString()} stored leads; ${duplicates.toLocaleString()} duplicates skipped; papaparse alone ${parse.seconds.toFixed(2)} s`,
    )
    console.log(
      JSON.stringify({
        bench: 'import',
        rows: ROWS,
        stored_leads: LEADS,
        duplicates,
        seconds: Number(seconds.toFixed(2)),
        rows_per_s: Math.round(rowsPerS),
        parse_only_rows_per_s: Math.round(parsePerS),
        ratio: Number((rowsPerS / parsePerS).toFixed(3)),
        max_loop_lag_ms: Number((lag.max / 1e6).toFixed(1)),
      }),
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
