import pg from 'pg'
import { afterEach, expect, onTestFinished } from 'vitest'
import { leadlineTypes } from '../../../src/main/db/postgres/types'
import { createApp } from '../../../src/main/host/app'
import { randomIds } from '../../../src/main/services/deps'
import { hashPassword } from '../../../src/main/services/passwords'
import type { Stage } from '../../../src/shared/domain/config'
import { ok } from '../../support/calls'
import { FakeClock, ScriptedRandom } from '../../support/clock'
import type { TestSql } from '../../support/sql'
import { rpcOk, type ServerProcess } from '../../support/team-server'
import { adminToken, type TestApp } from '../../support/workspace'
import { Seed } from '../engine/seed'

/**
 * The database two team servers share, arranged before they start through an in-process app on
 * the same URL (jobs off, as the engine tests seed theirs): plan, category, lead type, a source
 * whose API key comes from `sources/create`, an Admin and an Operator who sign in to the servers.
 * `ready()` closes that app: it must not take part once the servers run (it would release
 * Withheld leads on its own timer, outside the jobs table, as a desktop app does).
 */
export interface TeamWorld {
  seed: Seed
  typeId: number
  apiKey: string
  /** Tells the engine the settings changed and closes the arranging app. */
  ready(): Promise<void>
}

export const OPERATOR = { email: 'olga.operator@example.com', password: 'operator password 1' }
export const ADMIN = { email: 'admin@example.com', password: 'correct horse' }

export async function teamWorld(url: string, stages: Stage[]): Promise<TeamWorld> {
  // The real time: sessions and bid days read it, as on the servers.
  const clock = new FakeClock(Date.now())
  const random = new ScriptedRandom()
  const opened = await createApp({ workspace: url, jobs: false, clock, ids: randomIds, random })
  const app: TestApp = Object.assign(opened, {
    clock,
    random,
    call: (method: string, input?: unknown, token: string | null = null) => opened.dispatch(method, input, token),
  })
  const seed = new Seed(app)
  const plan = await seed.plan(stages)
  const category = await seed.category({ planId: plan })
  const typeId = await seed.leadType({ categoryId: category, fallback: true })
  const token = await adminToken(app)
  const { apiKey } = await ok<{ apiKey: string }>(
    app,
    'sources/create',
    { name: 'Load source', defaultCategoryId: category },
    token,
  )
  // Two servers take leads from one source far faster than the default 100 a second.
  const intake = await ok<{ port: number }>(app, 'intake/get', {}, token)
  await ok(
    app,
    'intake/update',
    {
      enabled: false,
      port: intake.port,
      host: '127.0.0.1',
      limits: { requestsPerSecond: 100_000, maxFields: 200, maxKeyLength: 64, maxValueLength: 10_000 },
    },
    token,
  )
  await app.services.auth.createUserRow(
    app.services.deps.db,
    'Olga Operator',
    OPERATOR.email,
    'Operator',
    await hashPassword(OPERATOR.password),
  )
  let open = true
  const ready = async (): Promise<void> => {
    if (!open) return
    open = false
    seed.done()
    await app.close()
  }
  onTestFinished(ready)
  return { seed, typeId, apiKey, ready }
}

const readers: pg.Client[] = []
afterEach(async () => {
  for (const client of readers.splice(0)) await client.end()
})

/**
 * Reads (and arranges) the shared database from the test, outside any server: `?` placeholders,
 * int8 and numeric as numbers as the servers read them. Closed after the test.
 */
export async function databaseSql(url: string): Promise<TestSql> {
  const client = new pg.Client({ connectionString: url, types: leadlineTypes })
  await client.connect()
  readers.push(client)
  const numbered = (text: string) => {
    let n = 0
    return text.replace(/\?/g, () => `$${++n}`)
  }
  const all = async <R>(text: string, ...params: unknown[]) => (await client.query(numbered(text), params)).rows as R[]
  return {
    all,
    get: async <R>(text: string, ...params: unknown[]) => (await all<R>(text, ...params))[0],
    run: async (text: string, ...params: unknown[]) => (await client.query(numbered(text), params)).rowCount ?? 0,
  }
}

/** Signs in on a server's browser host; the session (in the database) is good on every server. */
export async function signIn(server: ServerProcess, who: { email: string; password: string }): Promise<string> {
  return (await rpcOk(server, 'auth/login', who, null)).token
}

let n = 0
/** A valid lead no other lead of this run duplicates (email and phone are the duplicate keys). */
export function uniqueLead(): Record<string, unknown> {
  n += 1
  return {
    category: 'auto',
    first_name: 'Jane',
    last_name: `Doe ${n}`,
    email: `load${n}@example.com`,
    phone: `+1 415 555 ${String(1000 + n).padStart(4, '0')}`,
    state: 'CA',
    zip: '94103',
  }
}

export interface Posted {
  status: number
  uuid: string | null
  leadStatus: string | null
}

/** POSTs a lead to a server's intake API; a refused connection or reset is `status: 0`. */
export async function postLead(server: ServerProcess, apiKey: string, body: unknown): Promise<Posted> {
  try {
    const res = await fetch(`${server.intakeUrl}/api/v1/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify(body),
    })
    const answer = (await res.json().catch(() => ({}))) as { uuid?: string; status?: string }
    return { status: res.status, uuid: answer.uuid ?? null, leadStatus: answer.status ?? null }
  } catch {
    return { status: 0, uuid: null, leadStatus: null }
  }
}

/**
 * The money invariants, whatever happened: no wallet below zero and each one's ledger adds up to
 * its balance; per lead at most one charge and one credit, a credit only for a charge and of the
 * same amount; a lead that stays sold carries the price it was charged.
 */
export async function expectMoneyConsistent(sql: TestSql): Promise<void> {
  const wallets = await sql.all<{ id: number; balance: number; ledger: number | null }>(
    `SELECT c.id, c.balance_cents AS balance,
            (SELECT SUM(t.amount_cents) FROM wallet_transactions t WHERE t.customer_id = c.id) AS ledger
       FROM customers c ORDER BY c.id`,
  )
  for (const w of wallets) {
    expect(Number(w.balance), `customer ${w.id} balance`).toBeGreaterThanOrEqual(0)
    expect(Number(w.ledger ?? 0), `customer ${w.id} ledger sum`).toBe(Number(w.balance))
  }
  const perLead = await sql.all<{
    lead_id: number
    charges: number
    credits: number
    charged: number
    credited: number
  }>(
    `SELECT lead_id,
            SUM(CASE WHEN kind = 'charge' THEN 1 ELSE 0 END) AS charges,
            SUM(CASE WHEN kind = 'credit' THEN 1 ELSE 0 END) AS credits,
            SUM(CASE WHEN kind = 'charge' THEN -amount_cents ELSE 0 END) AS charged,
            SUM(CASE WHEN kind = 'credit' THEN amount_cents ELSE 0 END) AS credited
       FROM wallet_transactions WHERE lead_id IS NOT NULL GROUP BY lead_id`,
  )
  const twice = perLead.filter((l) => Number(l.charges) > 1 || Number(l.credits) > 1)
  expect(twice, 'leads charged or credited more than once').toEqual([])
  const unbalanced = perLead.filter((l) => Number(l.credits) === 1 && Number(l.credited) !== Number(l.charged))
  expect(unbalanced, 'credits that differ from the charge').toEqual([])
  const creditedUncharged = perLead.filter((l) => Number(l.credits) > Number(l.charges))
  expect(creditedUncharged, 'credits without a charge').toEqual([])
  // An Assigned lead was charged exactly its price, once.
  const mismatched = await sql.all(
    `SELECT l.id, l.charged_cents,
            (SELECT SUM(-t.amount_cents) FROM wallet_transactions t WHERE t.lead_id = l.id AND t.kind = 'charge') AS charged
       FROM leads l
      WHERE l.status = 'Assigned' AND l.charged_cents > 0
        AND l.charged_cents <> COALESCE((SELECT SUM(-t.amount_cents) FROM wallet_transactions t
                                          WHERE t.lead_id = l.id AND t.kind = 'charge'), 0)`,
  )
  expect(mismatched, 'assigned leads whose charge differs from their price').toEqual([])
}

/** Leads by status, for a failing assertion's message and the test's figures. */
export async function statusCounts(sql: TestSql): Promise<Record<string, number>> {
  const rows = await sql.all<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM leads GROUP BY status')
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
}
