/**
 * Outbound ping/post with 20 partner servers on loopback, half of them answering only after twice
 * the 100 ms timeout. The partners use request templates with transforms in rotation: a
 * form-encoded buyer, an XML buyer that answers in XML, and a nested JSON buyer. Leads go through
 * the real engine with a plan of one Ping/Post stage; the stage itself (ping all, post to the best,
 * with its records written around the post) is also timed on its own with the same partners.
 * The partner servers run in a worker thread so their timers do not share the engine's event loop.
 *
 *   npm run bench -- pingpost
 *   BENCH_LEADS=50 npm run bench -- pingpost
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { PingpostRepository } from '../src/main/db/repositories/pingpost'
import { inTransaction } from '../src/main/db/transaction'
import { createApp } from '../src/main/host/app'
import { runPingPost } from '../src/main/services/partners/pingpost'
import { partnerFromRow } from '../src/main/services/partners/types'
import type { PartnerRequest, TemplateEntry, Transform } from '../src/shared/domain/template'
import { percentile, round } from './support-http'

const LEADS = Number(process.env.BENCH_LEADS ?? 200)
const PARTNERS = 20
const TIMEOUT_MS = 100
const FORMATS = ['form', 'xml', 'json'] as const

const entry = (key: string, source: TemplateEntry['source'], value: string, transform: Transform | null = null) => ({
  key,
  source,
  value,
  transform,
  fallback: null,
})

/** What a buyer's documentation typically asks for: its key, its vocabulary, nested keys in JSON and XML. */
function requestFor(i: number): PartnerRequest {
  const format = FORMATS[i % FORMATS.length] ?? 'json'
  const nest = format === 'form' ? '' : 'lead.'
  return {
    format,
    xmlRoot: 'request',
    ping: {
      allFields: false,
      entries: [
        entry('api_key', 'fixed', `key-${i}`),
        entry(`${nest}state`, 'field', 'state', { kind: 'state', to: 'name' }),
        entry(`${nest}zip`, 'field', 'zip'),
        entry(`${nest}vehicles`, 'field', 'vehicles'),
      ],
    },
    post: {
      allFields: false,
      entries: [
        entry('api_key', 'fixed', `key-${i}`),
        entry('ping_id', 'lead', 'ping_reference'),
        entry(`${nest}first_name`, 'field', 'first_name', { kind: 'case', to: 'upper' }),
        entry(`${nest}email`, 'field', 'email'),
        entry(`${nest}phone`, 'field', 'phone', { kind: 'phone', format: '10_digits' }),
        entry(`${nest}state`, 'field', 'state', { kind: 'state', to: 'name' }),
        entry(`${nest}zip`, 'field', 'zip'),
      ],
    },
  }
}

const PARTNER_SERVERS = `
const { parentPort, workerData } = require('node:worker_threads')
const { createServer } = require('node:http')
const { count, slowDelayMs, xml } = workerData
const ports = []
let listening = 0
for (let i = 0; i < count; i++) {
  const slow = i % 2 === 1
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const body = xml[i]
        ? req.url === '/ping'
          ? '<?xml version="1.0"?><response><status>accepted</status><price>' + (5 + i / 4) + '</price><id>ping-' + i + '</id></response>'
          : '<response><status>accepted</status><id>post-' + i + '</id></response>'
        : req.url === '/ping'
          ? JSON.stringify({ accepted: true, price: 5 + i / 4, id: 'ping-' + i })
          : JSON.stringify({ accepted: true, id: 'post-' + i })
      const send = () => {
        if (res.destroyed) return
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(body)
      }
      if (slow) setTimeout(send, slowDelayMs)
      else send()
    })
  })
  server.keepAliveTimeout = 60000
  server.listen(0, '127.0.0.1', () => {
    ports[i] = server.address().port
    if (++listening === count) parentPort.postMessage(ports)
  })
}
`

function startPartners(): Promise<{ ports: number[]; worker: Worker }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(PARTNER_SERVERS, {
      eval: true,
      workerData: {
        count: PARTNERS,
        slowDelayMs: 2 * TIMEOUT_MS,
        xml: Array.from({ length: PARTNERS }, (_, i) => FORMATS[i % FORMATS.length] === 'xml'),
      },
    })
    worker.once('error', reject)
    worker.once('message', (ports: number[]) => resolve({ ports, worker }))
  })
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-bench-pingpost-'))
  const { ports, worker } = await startPartners()
  try {
    const app = await createApp({ workspace: join(dir, 'workspace.db') })
    const { db } = app.services.deps
    const now = Date.now()
    await inTransaction(db, async (trx) => {
      const plan = (
        await trx
          .insertInto('distribution_plans')
          .values({
            name: 'Ping/Post',
            stages: JSON.stringify([{ kind: 'pingpost', partnerIds: [] }]),
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
      const category = (
        await trx
          .insertInto('categories')
          .values({
            slug: 'auto',
            name: 'Auto',
            default_plan_id: plan,
            duplicate_rule: '{"keys":[],"days":0}',
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
      const fields: [string, string, number][] = [
        ['first_name', 'text', 1],
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
      await trx
        .insertInto('lead_types')
        .values({ category_id: category, name: 'Standard', is_fallback: 1, created_at: now, updated_at: now })
        .execute()
      for (const [i, port] of ports.entries()) {
        await trx
          .insertInto('partners')
          .values({
            name: `Partner ${i + 1}${i % 2 === 1 ? ' (slow)' : ''}`,
            ping_url: `http://127.0.0.1:${port}/ping`,
            post_url: `http://127.0.0.1:${port}/post`,
            request: JSON.stringify(requestFor(i)),
            response: JSON.stringify(
              FORMATS[i % FORMATS.length] === 'xml'
                ? { format: 'xml', acceptedPath: 'status', acceptedValue: 'accepted' }
                : { format: 'json' },
            ),
            timeout_ms: TIMEOUT_MS,
            min_price_cents: 500,
            created_at: now,
          })
          .execute()
      }
    })
    app.events.emit('changed', { areas: ['settings'] })

    const lead = (i: number): Record<string, unknown> => ({
      first_name: 'Jane',
      email: `jane.${i}@example.com`,
      phone: `+1 415 555 ${String(i % 10_000).padStart(4, '0')}`,
      state: 'CA',
      zip: '94103',
      vehicles: 2,
    })

    // Whole leads through the engine (validation, the stage, 21 records and events written).
    const leadTimes: number[] = []
    const statuses: Record<string, number> = {}
    for (let i = 0; i < LEADS + 5; i++) {
      const t0 = performance.now()
      const result = await app.services.distribution.ingest({ sourceId: null, categorySlug: 'auto', fields: lead(i) })
      if (i >= 5) leadTimes.push(performance.now() - t0) // the first few warm up connections and code
      statuses[result.status] = (statuses[result.status] ?? 0) + 1
      if (result.status !== 'Posted' && statuses[result.status] === 1) {
        const { events } = await app.services.leads.get(result.id)
        console.error(`lead ${i} ${result.status}:\n  ${events.map((e) => e.message).join('\n  ')}`)
      }
    }

    // The stage alone, same partners, with its at-most-once journal as the engine runs it: the pings
    // stored before the post, the post stored before it goes out, then settled (each an autocommit).
    const partners = (await db.selectFrom('partners').selectAll().orderBy('id').execute()).map(partnerFromRow)
    // The journal as the engine builds it for a lead.
    const records = new PingpostRepository(app.services.deps.ids)
    const someLead = (await db.selectFrom('leads').select('id').orderBy('id').executeTakeFirst())?.id ?? null
    const stageTimes: number[] = []
    let posted = 0
    for (let i = 0; i < LEADS; i++) {
      const t0 = performance.now()
      const result = await runPingPost({
        lead: { uuid: `bench-${i}`, fields: lead(i) },
        partners,
        journal: someLead === null ? undefined : records.journal(db, someLead, Date.now),
      })
      stageTimes.push(performance.now() - t0)
      if (result.posted) posted += 1
    }
    console.error(
      `engine leads: ${JSON.stringify(statuses)}; stage alone: ${posted}/${LEADS} posted; ` +
        `stage p50 ${round(percentile(stageTimes, 0.5), 1)} ms, lead p50 ${round(percentile(leadTimes, 0.5), 1)} ms`,
    )
    await app.close()
    console.log(
      JSON.stringify({
        bench: 'pingpost',
        partners: PARTNERS,
        timeout_ms: TIMEOUT_MS,
        stage_p95_ms: round(percentile(stageTimes, 0.95), 1),
        lead_p95_ms: round(percentile(leadTimes, 0.95), 1),
      }),
    )
  } finally {
    await worker.terminate()
    rmSync(dir, { recursive: true, force: true })
  }
}
