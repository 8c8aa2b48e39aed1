import type { Server } from 'node:http'
import { afterEach } from 'vitest'
import { createIntakeServer, listenIntake } from '../../../src/main/intake'
import { hashApiKey } from '../../../src/main/services/api-keys'
import { Seed } from '../engine/seed'
import { testApp, type TestApp } from '../../support/workspace'

const servers: Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((r) => s.close(r))
  }
})

export const API_KEY = 'll_test_key_for_the_web_form'

export interface IntakeHarness {
  app: TestApp
  url: string
  sourceId: number
  customerId: number
  bidId: number
  /** POST a JSON body (or raw text) with the source's key unless told otherwise. */
  post(
    path: string,
    body: unknown,
    options?: { key?: string | null; contentType?: string; raw?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>
  leadCount(): Promise<number>
  /** The customer's wallet balance in cents. */
  balance(): Promise<number>
}

/** A workspace with one category (bidding plan, one $15 bid), a source with a known key, and the intake server on a free port. */
export async function intakeHarness(): Promise<IntakeHarness> {
  const app = await testApp()
  const seed = new Seed(app)
  const plan = await seed.plan([{ kind: 'bidding' }])
  const category = await seed.category({ planId: plan })
  const type = await seed.leadType({ categoryId: category, fallback: true })
  const customerId = await seed.customer('Acme', 10_000)
  const bidId = await seed.bid({ customerId, leadTypeId: type, priceCents: 1500 })
  const { db } = app.services.deps
  const source = await db
    .insertInto('sources')
    .values({
      name: 'Web form',
      api_key_hash: hashApiKey(API_KEY),
      api_key_hint: 'll_test',
      default_category_id: category,
      created_at: app.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const sourceId = Number(source.id)
  seed.done()
  const server = createIntakeServer(app, undefined, { logLevel: 'silent' })
  servers.push(server)
  const port = await listenIntake(server, 0)
  const url = `http://127.0.0.1:${port}`
  return {
    app,
    url,
    sourceId,
    customerId,
    bidId,
    async post(path, body, options = {}) {
      const headers: Record<string, string> = {
        'content-type': options.contentType ?? 'application/json',
        ...options.headers,
      }
      const key = options.key === undefined ? API_KEY : options.key
      if (key !== null) headers['x-api-key'] = key
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers,
        body: options.raw ?? JSON.stringify(body),
      })
      const text = await res.text()
      return {
        status: res.status,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        headers: res.headers,
      }
    },
    leadCount: async () => {
      const row = await db
        .selectFrom('leads')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
      return Number(row?.n ?? 0)
    },
    balance: async () => {
      const row = await db
        .selectFrom('customers')
        .select('balance_cents')
        .where('id', '=', customerId)
        .executeTakeFirstOrThrow()
      return Number(row.balance_cents)
    },
  }
}
