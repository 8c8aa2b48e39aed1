/**
 * The intake API under load: loopback keep-alive clients post leads to `POST /api/v1/leads` for
 * SECONDS (default 20), each lead stored and distributed through bidding before the 201. In the
 * same run, the same clients post the same bodies to a bare node:http server that only parses the
 * JSON and answers 201: the ratio says what share of raw HTTP throughput the whole intake keeps.
 *
 *   npm run bench -- intake
 *   BENCH_SECONDS=5 CONCURRENCY=16 npm run bench -- intake
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../src/main/host/app'
import { createIntakeServer, listenIntake } from '../src/main/intake'
import { hashApiKey } from '../src/main/services/api-keys'
import { loadTest, percentile, round } from './support-http'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20)
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16)
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
  const { store } = app.services.deps
  const now = Date.now()
  const insert = <T>(q: { compile(): unknown } & T): number =>
    Number(store.run(q as Parameters<typeof store.run>[0]).lastInsertRowid)
  store.transaction(() => {
    const plan = insert(
      store.q
        .insertInto('distribution_plans')
        .values({ name: 'Bidding', stages: JSON.stringify([{ kind: 'bidding' }]), created_at: now, updated_at: now }),
    )
    const category = insert(
      store.q
        .insertInto('categories')
        .values({ slug: 'auto', name: 'Auto insurance', default_plan_id: plan, created_at: now, updated_at: now }),
    )
    const fields: [string, string, number][] = [
      ['first_name', 'text', 1],
      ['last_name', 'text', 0],
      ['email', 'email', 1],
      ['phone', 'phone', 1],
      ['state', 'text', 0],
      ['zip', 'zip', 0],
      ['vehicles', 'number', 0],
    ]
    fields.forEach(([key, type, required], position) =>
      insert(store.q.insertInto('fields').values({ category_id: category, key, label: key, type, required, position })),
    )
    const type = insert(
      store.q
        .insertInto('lead_types')
        .values({ category_id: category, name: 'Standard', is_fallback: 1, created_at: now, updated_at: now }),
    )
    for (let c = 0; c < 20; c++) {
      const customer = insert(store.q.insertInto('customers').values({ name: `Buyer ${c}`, created_at: now }))
      app.services.wallets.repo.post({
        customerId: customer,
        kind: 'deposit',
        amountCents: 1_000_000_000,
        leadId: null,
        userId: null,
        reason: 'bench',
        createdAt: now,
      })
      insert(
        store.q.insertInto('bids').values({
          customer_id: customer,
          lead_type_id: type,
          price_cents: 1000 + c * 25,
          scope: JSON.stringify({ kind: 'state', values: [STATES[c % STATES.length]] }),
          created_at: now,
          updated_at: now,
        }),
      )
    }
    insert(
      store.q.insertInto('sources').values({
        name: 'Bench',
        api_key_hash: hashApiKey(KEY),
        api_key_hint: 'll_benc',
        default_category_id: category,
        created_at: now,
      }),
    )
  })
  app.events.emit('changed', { areas: ['settings'] })
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

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-bench-intake-'))
  try {
    const app = await seed(join(dir, 'workspace.db'))
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
    // A short warm-up of each so both run optimised code before they are measured.
    await load(`http://127.0.0.1:${barePort}/`, 1, 0)
    const bareResult = await load(`http://127.0.0.1:${barePort}/`, SECONDS, 0)
    await load(`http://127.0.0.1:${intakePort}/api/v1/leads`, 1, 1_000_000)
    const intakeResult = await load(`http://127.0.0.1:${intakePort}/api/v1/leads`, SECONDS, 2_000_000)

    // The HTTP side alone: the same server with an engine that answers at once, to tell the cost
    // of the intake layer (key, limits, parsing, answer) from the cost of distributing.
    let stubbed = 0
    const stubEngine = {
      ingest: () =>
        Promise.resolve({ id: 0, uuid: `stub-${stubbed++}`, status: 'Assigned', priceCents: 1000, replayed: false }),
      quote: () => ({ leadTypeId: null, bid: null, trace: [] }),
    }
    const layer = createIntakeServer({ services: { ...app.services, distribution: stubEngine } })
    const layerPort = await listenIntake(layer, 0)
    await load(`http://127.0.0.1:${layerPort}/api/v1/leads`, 1, 0)
    const layerResult = await load(`http://127.0.0.1:${layerPort}/api/v1/leads`, SECONDS, 0)
    layer.closeAllConnections()
    layer.close()
    const { store } = app.services.deps
    const statuses = store.all(
      store.q
        .selectFrom('leads')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status'),
    )
    console.error(
      `intake: ${intakeResult.ok} leads in ${SECONDS}s (${JSON.stringify(intakeResult.statuses)}), ` +
        `stored: ${statuses.map((s) => `${s.status} ${s.n}`).join(', ')}; bare: ${bareResult.ok} answers`,
    )
    intake.closeAllConnections()
    intake.close()
    bare.closeAllConnections()
    bare.close()
    await app.close()
    console.log(
      JSON.stringify({
        bench: 'intake',
        leads_per_s: round(intakeResult.perSecond),
        bare_http_per_s: round(bareResult.perSecond),
        ratio: round(intakeResult.perSecond / bareResult.perSecond, 3),
        p99_ms: round(percentile(intakeResult.latencies, 0.99), 2),
        http_layer_per_s: round(layerResult.perSecond),
        http_layer_ratio: round(layerResult.perSecond / bareResult.perSecond, 3),
      }),
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
