import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import { deliveryQueueRepository } from '../../../src/main/db/repositories/delivery-queue'
import type { DB } from '../../../src/main/db/schema'
import { inTransaction } from '../../../src/main/db/transaction'
import { DeliveryService } from '../../../src/main/services/delivery'
import { CLAIM_LEASE_MS } from '../../../src/main/services/delivery/backoff'
import type { FakeClock } from '../../support/clock'
import { testDialect } from '../../support/dialect'
import { type LocalServer, localServer } from '../../support/local-server'
import { adminToken, type TestApp, testApp } from '../../support/workspace'
import { seedAssignedLeads } from './seed'

/** One server process as far as deliveries go. */
interface Server {
  delivery: DeliveryService
  db: Kysely<DB>
  clock: FakeClock
}

/**
 * Two servers on one database, and the first server's app (to seed it). On PostgreSQL, two apps
 * each with its own connection pool, as two server processes. A workspace file is served by one
 * process, whose single connection orders every write (two connections in one thread would block
 * each other): there the second server is a second delivery service, with claims of its own, on
 * that connection. A server given a `fetch` sends through it (a delivery service of its own on
 * its app's database).
 */
async function twoServers(fetches: (typeof fetch | undefined)[] = []): Promise<[Server, Server, TestApp]> {
  const first = await testApp()
  await adminToken(first)
  const second = testDialect === 'postgres' ? await testApp({ path: first.workspace }) : first
  const server = async (app: TestApp, index: number): Promise<Server> => {
    const fetchImpl = fetches[index]
    if (fetchImpl === undefined && !(index === 1 && app === first))
      return { delivery: app.services.delivery, db: app.services.deps.db, clock: app.clock }
    // The app's own service stops looking for due attempts: only the servers the test drives do.
    if (fetchImpl !== undefined) await app.services.delivery.stop()
    const delivery = new DeliveryService(app.services.deps, app.services.auditLog, fetchImpl)
    return { delivery, db: app.services.deps.db, clock: app.clock }
  }
  return [await server(first, 0), await server(second, 1), first]
}

/** Sends through `fetch`, except that the `n`-th call waits until released (a server stalled mid-send). */
function stallingFetch(n: number): { fetch: typeof fetch; stalled: () => boolean; release: () => void } {
  let release = (): void => undefined
  const gate = new Promise<void>((resolve) => (release = resolve))
  let calls = 0
  return {
    fetch: async (input, init) => {
      if (++calls === n) await gate
      return fetch(input, init)
    },
    stalled: () => calls >= n,
    release: () => release(),
  }
}

/** Moves the servers' clocks together: they stand for servers reading one wall clock. */
function advance(servers: Server[], ms: number): void {
  for (const clock of new Set(servers.map((s) => s.clock))) clock.advance(ms)
}

/** An operator re-sends the lead through this server (the administrator created with the servers). */
async function resend(server: Server, leadId: number): Promise<void> {
  const admin = await server.db.selectFrom('users').select(['id', 'name']).executeTakeFirstOrThrow()
  expect(await server.delivery.resend(admin, leadId)).toEqual({ deliveryStatus: 'pending' })
}

/** The servers look for due attempts at the same moment; resolves once every send they started is recorded. */
async function race(servers: Server[]): Promise<void> {
  await Promise.all(servers.map((s) => s.delivery.processDue()))
  await Promise.all(servers.map((s) => s.delivery.idle()))
}

/** A customer endpoint that fails a lead's first request and accepts the next ones, counting per lead. */
async function failsFirstTime(delayMs = 0): Promise<{ server: LocalServer; perLead: Map<string, number> }> {
  const perLead = new Map<string, number>()
  const server = await localServer((req) => {
    const uuid = (req.json as { uuid: string }).uuid
    const n = (perLead.get(uuid) ?? 0) + 1
    perLead.set(uuid, n)
    return n === 1 ? { status: 503, text: 'deploying', delayMs } : { body: { ok: true }, delayMs }
  })
  return { server, perLead }
}

async function attempts(app: Server, leadId: number): Promise<{ attempt: number; ok: number }[]> {
  return app.db
    .selectFrom('deliveries')
    .select(['attempt', 'ok'])
    .where('lead_id', '=', leadId)
    .orderBy('attempt')
    .execute()
}

async function statusOf(app: Server, leadId: number): Promise<string | null> {
  const row = await app.db
    .selectFrom('leads')
    .select('delivery_status')
    .where('id', '=', leadId)
    .executeTakeFirstOrThrow()
  return row.delivery_status
}

describe('webhook deliveries among several processes on one database', () => {
  it('sends every attempt once though both processes look for due attempts at each step', async () => {
    const [a, b, seeded] = await twoServers()
    const apps = [a, b]
    const { server, perLead } = await failsFirstTime(5)
    const { leadIds } = await seedAssignedLeads(seeded, { method: 'webhook', url: server.url, headers: {} }, 12)
    // Half the leads are assigned on each server, each in its assignment's unit of work.
    for (const [i, leadId] of leadIds.entries()) {
      const server = apps[i % 2] as Server
      await inTransaction(server.db, async (trx) => server.delivery.enqueue(trx, leadId))
    }
    // The first attempts go out at once from the assigning server, while both poll.
    await race(apps)
    expect(server.received).toHaveLength(leadIds.length)
    expect([...perLead.values()].every((n) => n === 1)).toBe(true)
    expect(await a.delivery.scheduled()).toHaveLength(leadIds.length)

    for (const step of [10_000, 10_000, 10_000, 60_000, 600_000]) {
      advance(apps, step)
      await race(apps)
    }
    expect(server.received).toHaveLength(2 * leadIds.length)
    expect([...perLead.values()].every((n) => n === 2)).toBe(true)
    for (const leadId of leadIds) {
      expect(await attempts(a, leadId)).toEqual([
        { attempt: 1, ok: 0 },
        { attempt: 2, ok: 1 },
      ])
      expect(await statusOf(b, leadId)).toBe('delivered')
    }
    expect(await b.delivery.scheduled()).toEqual([])
  })

  it('takes over the attempt of a process that died mid-send only once its claim has expired', async () => {
    const [a, b, seeded] = await twoServers()
    const apps = [a, b]
    const server = await localServer(() => ({ body: { ok: true } }))
    const {
      leadIds: [leadId = 0],
    } = await seedAssignedLeads(seeded, { method: 'webhook', url: server.url, headers: {} }, 1)
    const { db } = a
    const claimedAt = a.clock.now()
    // Server A queued the lead and claimed its first attempt, then stopped before recording it.
    await inTransaction(db, async (trx) => {
      await trx.updateTable('leads').set({ delivery_status: 'pending' }).where('id', '=', leadId).execute()
      await deliveryQueueRepository.startRound(trx, leadId, claimedAt)
      const claim = await deliveryQueueRepository.claim(
        trx,
        leadId,
        `${a.delivery.owner}#1`,
        claimedAt,
        claimedAt + CLAIM_LEASE_MS,
      )
      expect(claim).toMatchObject({ round: 1, generation: 1 })
    })

    await race([b])
    advance(apps, CLAIM_LEASE_MS)
    await race([b])
    // Up to the end of its lease the claim may still be a live process's, sending right now.
    expect(server.received).toHaveLength(0)
    expect(await statusOf(b, leadId)).toBe('pending')

    advance(apps, 1)
    await race(apps)
    expect(server.received).toHaveLength(1)
    expect(await statusOf(a, leadId)).toBe('delivered')
    expect(await attempts(a, leadId)).toEqual([{ attempt: 1, ok: 1 }])
    expect(await a.delivery.scheduled()).toEqual([])
  })

  it('never sends the retry of a round a re-send on another server replaced', async () => {
    const [a, b, seeded] = await twoServers()
    const apps = [a, b]
    const { server } = await failsFirstTime()
    const {
      leadIds: [leadId = 0],
    } = await seedAssignedLeads(seeded, { method: 'webhook', url: server.url, headers: {} }, 1)
    await inTransaction(a.db, async (trx) => a.delivery.enqueue(trx, leadId))
    await a.delivery.idle()
    expect(server.received).toHaveLength(1)
    expect(await a.delivery.scheduled()).toEqual([{ leadId, dueAt: a.clock.now() + 30_000 }])

    // While A's retry waits, an operator on server B sends the lead again: a new round, sent at once.
    advance(apps, 5_000)
    await resend(b, leadId)
    await b.delivery.idle()
    expect(server.received).toHaveLength(2)
    expect(await statusOf(a, leadId)).toBe('delivered')

    for (const step of [30_000, 120_000, 600_000]) {
      advance(apps, step)
      await race(apps)
    }
    expect(server.received).toHaveLength(2)
    expect(await attempts(a, leadId)).toEqual([
      { attempt: 1, ok: 0 },
      { attempt: 2, ok: 1 },
    ])
    expect(await b.delivery.scheduled()).toEqual([])
  })

  it('records an attempt of the replaced round still under way, without letting its failure decide', async () => {
    const [a, b, seeded] = await twoServers()
    const apps = [a, b]
    // The first request hangs a little, then fails; the re-sent one succeeds at once.
    const server = await localServer((_r, i) => (i === 0 ? { status: 500, text: 'down', delayMs: 400 } : {}))
    const {
      leadIds: [leadId = 0],
    } = await seedAssignedLeads(seeded, { method: 'webhook', url: server.url, headers: {} }, 1)
    await inTransaction(a.db, async (trx) => a.delivery.enqueue(trx, leadId))
    await expect.poll(() => server.received.length).toBe(1)

    await resend(b, leadId)
    await b.delivery.idle()
    expect(server.received).toHaveLength(2)
    expect(await statusOf(b, leadId)).toBe('delivered')

    // A's failed attempt of the old round is recorded, and neither retried nor allowed to undo the delivery.
    await a.delivery.idle()
    expect(await statusOf(a, leadId)).toBe('delivered')
    expect(await a.delivery.scheduled()).toEqual([])
    const rows = await a.db
      .selectFrom('deliveries')
      .select(['ok', 'status_code'])
      .where('lead_id', '=', leadId)
      .orderBy('id')
      .execute()
    expect(rows).toEqual([
      { ok: 1, status_code: 200 },
      { ok: 0, status_code: 500 },
    ])
    advance(apps, 60 * 60_000)
    await race(apps)
    expect(server.received).toHaveLength(2)
  })

  it('never lets a result recorded after the lease passed for the claim that took the attempt over', async () => {
    // Server A stalls sending the first attempt; B takes it over, then stalls sending the retry.
    const a = stallingFetch(1)
    const b = stallingFetch(2)
    const [serverA, serverB, seeded] = await twoServers([a.fetch, b.fetch])
    const apps = [serverA, serverB]
    const server = await localServer(() => ({ status: 503, text: 'deploying' }))
    const {
      leadIds: [leadId = 0],
    } = await seedAssignedLeads(seeded, { method: 'webhook', url: server.url, headers: {} }, 1)
    await inTransaction(serverA.db, async (trx) => serverA.delivery.enqueue(trx, leadId))
    await expect.poll(a.stalled).toBe(true)

    advance(apps, CLAIM_LEASE_MS + 1)
    await race([serverB])
    expect(server.received).toHaveLength(1)
    advance(apps, 30_000)
    const retry = serverB.delivery.processDue()
    await expect.poll(b.stalled).toBe(true)

    // A's late result is recorded as an attempt, and changes nothing else: B's claim on the retry holds.
    a.release()
    await serverA.delivery.idle()
    expect(server.received).toHaveLength(2)
    expect(await attempts(serverA, leadId)).toEqual([
      { attempt: 1, ok: 0 },
      { attempt: 2, ok: 0 },
    ])
    advance(apps, 30_000)
    await serverA.delivery.processDue()
    expect(server.received).toHaveLength(2)

    b.release()
    await retry
    expect(server.received).toHaveLength(3)
    expect(await statusOf(serverA, leadId)).toBe('pending')
    expect(await serverA.delivery.scheduled()).toEqual([{ leadId, dueAt: serverB.clock.now() + 120_000 }])
  })
})
