/**
 * The intake API under load: loopback keep-alive clients post leads to `POST /api/v1/leads` for
 * SECONDS (default 20), each lead stored and distributed through bidding before the 201. In the
 * same run, the same clients post the same bodies to a bare node:http server that only parses the
 * JSON and answers 201: the ratio says what share of raw HTTP throughput the whole intake keeps.
 *
 *   npm run bench -- intake
 *   BENCH_SECONDS=5 CONCURRENCY=16 npm run bench -- intake
 *   BENCH_ROUNDS=1 npm run bench -- intake    each server measured in one slice instead of 4
 *   npm run bench -- intake --database postgres://USER@HOST/postgres
 *       the intake on a fresh PostgreSQL database (dropped after), its SQL floor written with `pg`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type Database from 'better-sqlite3'
import { ConfigSeedRepository } from '../src/main/db/repositories/distribution/seed'
import { inTransaction } from '../src/main/db/transaction'
import { createApp } from '../src/main/host/app'
import { createIntakeServer, listenIntake } from '../src/main/intake'
import { hashApiKey } from '../src/main/services/api-keys'
import { DEFAULT_INTAKE } from '../src/main/services/settings/workspace'
import { withSqliteWorkspace } from './support-bulk'
import { loadTest, percentile, round } from './support-http'
import { parseArgs } from 'node:util'
import { freshDatabase } from './support-postgres'
import { pgSqlFloor } from './intake-pg-floor'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20)
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16)
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 4))
const FLOOR_LEADS = 10_000
const KEY = 'll_bench_intake_key'
const STATES = ['CA', 'NY', 'TX', 'FL', 'WA']

/** One lead per request, made unique by the load generator (`{{i}}` is a running number). */
export const LEAD_TEMPLATE = JSON.stringify({
  category: 'auto',
  first_name: 'Jane',
  last_name: 'Doe{{i}}',
  email: 'jane.{{i}}@example.com',
  phone: '+1 415 {{i3}} {{i4}}',
  state: 'CA',
  zip: '94103',
  vehicles: 2,
})

export async function seed(workspace: string) {
  const app = await createApp({ workspace })
  const now = Date.now()
  const config = new ConfigSeedRepository(() => now)
  await inTransaction(app.services.deps.db, async (trx) => {
    const plan = await config.plan(trx, 'Bidding', [{ kind: 'bidding' }])
    const category = (
      await trx
        .insertInto('categories')
        .values({ slug: 'auto', name: 'Auto insurance', default_plan_id: plan, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
    const fields: [string, string, number][] = [
      ['first_name', 'text', 1],
      ['last_name', 'text', 0],
      ['email', 'email', 1],
      ['phone', 'phone', 1],
      ['state', 'text', 0],
      ['zip', 'zip', 0],
      ['vehicles', 'number', 0],
    ]
    for (const [position, [key, type, required]] of fields.entries()) {
      await trx
        .insertInto('fields')
        .values({ category_id: category, key, label: key, type, required, position })
        .execute()
    }
    const type = (
      await trx
        .insertInto('lead_types')
        .values({ category_id: category, name: 'Standard', is_fallback: 1, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
    for (let c = 0; c < 20; c++) {
      const customer = (
        await trx
          .insertInto('customers')
          .values({ name: `Buyer ${c}`, created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
      await config.openingDeposit(trx, customer, 1_000_000_000, 'bench')
      await trx
        .insertInto('bids')
        .values({
          customer_id: customer,
          lead_type_id: type,
          price_cents: 1000 + c * 25,
          scope: JSON.stringify({ kind: 'state', values: [STATES[c % STATES.length]] }),
          created_at: now,
          updated_at: now,
        })
        .execute()
    }
    await trx
      .insertInto('sources')
      .values({
        name: 'Bench',
        api_key_hash: hashApiKey(KEY),
        api_key_hint: 'll_benc',
        default_category_id: category,
        created_at: now,
      })
      .execute()
    // Sixteen clients of one source post as fast as they can: the per-source rate must not refuse them.
    await config.setting(trx, 'intake', {
      ...DEFAULT_INTAKE,
      limits: { ...DEFAULT_INTAKE.limits, requestsPerSecond: 100_000 },
    })
  })
  app.events.emit('changed', { areas: ['settings', 'intake'] })
  return app
}

function bareServer(): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { email?: string }
      const text = JSON.stringify({ uuid: body.email ?? '', status: 'Assigned', price: 10 })
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
      res.end(text)
    })
  })
}

/**
 * The raw floor (better-sqlite3 on the workspace file, on its own connection). The SQL alone: the
 * last FLOOR_LEADS leads the intake stored are written again, row for row, with hand-written prepared statements — the two duplicate look-ups and the balance read, the lead
 * in its final state, its events as stored, the ledger row and the balance move — in groups of
 * CONCURRENCY per transaction (the most a group commit can gather from CONCURRENCY clients). No
 * HTTP, validation or bidding: a ceiling for the intake however cheap the rest became.
 */
function sqlFloor(db: Database.Database): number {
  type Row = Record<string, unknown>
  const leads = (
    db.prepare(`SELECT * FROM leads WHERE status = 'Assigned' ORDER BY id DESC LIMIT ?`).all(FLOOR_LEADS) as Row[]
  ).reverse()
  const eventsOf = db.prepare('SELECT at, stage, kind, message, data FROM lead_events WHERE lead_id = ? ORDER BY id')
  const rows = leads.map((lead) => ({ lead, events: eventsOf.all(lead.id) as Row[] }))
  const columns = Object.keys(leads[0] ?? {}).filter((c) => c !== 'id')
  const insertLead = db.prepare(
    `INSERT INTO leads (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  )
  const insertEvent = db.prepare(
    'INSERT INTO lead_events (lead_id, at, stage, kind, message, data) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const dupEmail = db.prepare(
    'SELECT id, uuid FROM leads WHERE email = ? AND created_at >= ? AND category_id = ? AND id < ? ORDER BY created_at DESC LIMIT 1',
  )
  const dupPhone = db.prepare(
    'SELECT id, uuid FROM leads WHERE phone = ? AND created_at >= ? AND category_id = ? AND id < ? ORDER BY created_at DESC LIMIT 1',
  )
  const balance = db.prepare('SELECT balance_cents FROM customers WHERE id = ?')
  const move = db.prepare('UPDATE customers SET balance_cents = balance_cents - ? WHERE id = ? AND balance_cents >= ?')
  const ledger = db.prepare(
    `INSERT INTO wallet_transactions (customer_id, kind, amount_cents, lead_id, user_id, reason, created_at)
     VALUES (?, 'charge', ?, ?, NULL, NULL, ?)`,
  )
  const group = db.transaction((part: typeof rows) => {
    for (const { lead, events } of part) {
      const since = Number(lead.created_at) - 30 * 86_400_000
      dupEmail.get(lead.email, since, lead.category_id, Number.MAX_SAFE_INTEGER)
      dupPhone.get(lead.phone, since, lead.category_id, Number.MAX_SAFE_INTEGER)
      balance.get(lead.customer_id)
      const id = insertLead.run({ ...lead, uuid: `floor-${String(lead.uuid)}` }).lastInsertRowid
      for (const e of events) insertEvent.run(id, e.at, e.stage, e.kind, e.message, e.data)
      move.run(lead.charged_cents, lead.customer_id, lead.charged_cents)
      ledger.run(lead.customer_id, -Number(lead.charged_cents), id, lead.created_at)
    }
  })
  const started = performance.now()
  for (let i = 0; i < rows.length; i += CONCURRENCY) group(rows.slice(i, i + CONCURRENCY))
  return rows.length / ((performance.now() - started) / 1000)
}

export async function run(args: string[] = []): Promise<void> {
  const { values } = parseArgs({ args, options: { database: { type: 'string' } } })
  const base = values.database
  const dir = mkdtempSync(join(tmpdir(), 'leadline-bench-intake-'))
  const database = base ? await freshDatabase(base, 'leadline_bench_intake') : null
  try {
    const file = database?.url ?? join(dir, 'workspace.db')
    const app = await seed(file)
    const intake = createIntakeServer(app)
    const intakePort = await listenIntake(intake, 0)
    const bare = bareServer()
    const barePort = await listenIntake(bare, 0)
    const headers = { 'content-type': 'application/json', 'x-api-key': KEY }

    const load = (url: string, seconds: number, firstIndex: number) =>
      loadTest({
        url,
        headers,
        template: LEAD_TEMPLATE,
        seconds,
        concurrency: CONCURRENCY,
        expectStatus: 201,
        firstIndex,
      })

    // The HTTP side alone: the same server with an engine that answers at once, to tell the cost
    // of the intake layer (key, limits, parsing, answer) from the cost of distributing.
    let stubbed = 0
    const stubEngine = {
      ingest: () =>
        Promise.resolve({ id: 0, uuid: `stub-${stubbed++}`, status: 'Assigned', priceCents: 1000, replayed: false }),
      // Only leads are posted in this benchmark; pings (and their quote) never reach the stub.
      quote: (): never => {
        throw new Error('the stub engine does not quote')
      },
    }
    const layer = createIntakeServer({ services: { ...app.services, distribution: stubEngine } })
    const layerPort = await listenIntake(layer, 0)
    const targets = {
      bare: `http://127.0.0.1:${barePort}/`,
      intake: `http://127.0.0.1:${intakePort}/api/v1/leads`,
      layer: `http://127.0.0.1:${layerPort}/api/v1/leads`,
    }
    type Target = keyof typeof targets
    // A short warm-up of each so all run optimised code before they are measured.
    await load(targets.bare, 1, 0)
    await load(targets.intake, 1, 1_000_000)
    await load(targets.layer, 1, 0)
    // The three alternate in ROUNDS slices (in a rotating order), so a change of load on the shared
    // machine during the run hits all of them alike instead of only the one running at the time.
    const totals: Record<
      Target,
      { ok: number; seconds: number; latencies: number[]; statuses: Record<string, number> }
    > = {
      bare: { ok: 0, seconds: 0, latencies: [], statuses: {} },
      intake: { ok: 0, seconds: 0, latencies: [], statuses: {} },
      layer: { ok: 0, seconds: 0, latencies: [], statuses: {} },
    }
    const order: Target[] = ['bare', 'intake', 'layer']
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < order.length; k++) {
        const target = order[(round + k) % order.length] ?? 'bare'
        // Lead numbers never repeat across slices, so no intake lead is a duplicate of an earlier one.
        const r = await load(targets[target], SECONDS / ROUNDS, 2_000_000 + round * 1_000_000)
        const t = totals[target]
        t.ok += r.ok
        t.seconds += r.perSecond > 0 ? r.ok / r.perSecond : SECONDS / ROUNDS
        for (const l of r.latencies) t.latencies.push(l)
        for (const [status, n] of Object.entries(r.statuses)) t.statuses[status] = (t.statuses[status] ?? 0) + n
      }
    }
    const perSecond = (t: Target): number => totals[t].ok / totals[t].seconds
    layer.closeAllConnections()
    layer.close()
    const statuses = await app.services.deps.db
      .selectFrom('leads')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute()
    console.error(
      `intake: ${totals.intake.ok} leads in ${SECONDS}s (${JSON.stringify(totals.intake.statuses)}), ` +
        `stored: ${statuses.map((s) => `${s.status} ${s.n}`).join(', ')}; bare: ${totals.bare.ok} answers`,
    )
    intake.closeAllConnections()
    intake.close()
    bare.closeAllConnections()
    bare.close()
    await app.close()
    const floor = base ? await pgSqlFloor(file, FLOOR_LEADS, CONCURRENCY) : withSqliteWorkspace(file, sqlFloor)
    console.log(
      JSON.stringify({
        bench: 'intake',
        database: base ? 'postgres' : 'sqlite',
        leads_per_s: round(perSecond('intake')),
        bare_http_per_s: round(perSecond('bare')),
        ratio: round(perSecond('intake') / perSecond('bare'), 3),
        p99_ms: round(percentile(totals.intake.latencies, 0.99), 2),
        http_layer_per_s: round(perSecond('layer')),
        http_layer_ratio: round(perSecond('layer') / perSecond('bare'), 3),
        sql_floor_per_s: round(floor),
        sql_floor_ratio: round(floor / perSecond('bare'), 3),
        // The intake against the same writes done by hand-written SQL alone.
        vs_sql_floor: round(perSecond('intake') / floor, 3),
      }),
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await database?.drop()
  }
}
