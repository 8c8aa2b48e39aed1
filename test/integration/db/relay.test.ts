import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import type { PushEvents } from '../../../src/shared/api/events'
import { EventBus } from '../../../src/main/host/events'
import { ALL_AREAS, relayEvents } from '../../../src/main/host/relay-events'
import { testPostgres } from '../../support/postgres'

const server = await testPostgres('relay.test.ts')
const closers: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const close of closers.splice(0)) await close()
})

type Seen = { event: string; payload: unknown }[]

function record(bus: EventBus): Seen {
  const seen: Seen = []
  bus.subscribe((event, payload) => seen.push({ event, payload }))
  return seen
}

/** Resolves when `seen` holds an entry matching `test`; the relay is asynchronous. */
function until(bus: EventBus, test: (event: string, payload: unknown) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const off = bus.subscribe((event, payload) => {
      if (!test(event, payload)) return
      off()
      resolve()
    })
  })
}

describe.skipIf(!server.baseUrl)('push events between processes on PostgreSQL', () => {
  it("delivers one process's events to the other, once, and not back", async () => {
    const url = await server.database()
    const a = new EventBus()
    const b = new EventBus()
    const errors: unknown[] = []
    const ra = await relayEvents(a, url, 'server-a', (e) => errors.push(e))
    const rb = await relayEvents(b, url, 'server-b', (e) => errors.push(e))
    closers.push(
      () => ra.close(),
      () => rb.close(),
    )
    const seenA = record(a)
    const seenB = record(b)

    const arrived = until(b, (event, p) => event === 'changed' && (p as PushEvents['changed']).areas[0] === 'leads')
    a.emit('changed', { areas: ['leads', 'audit'] })
    await arrived
    const back = until(a, (event) => event === 'progress')
    b.emit('progress', { job: 'import-7', label: 'Importing', done: 5, total: 10 })
    await back

    expect(seenA).toEqual([
      { event: 'changed', payload: { areas: ['leads', 'audit'] } },
      { event: 'progress', payload: { job: 'import-7', label: 'Importing', done: 5, total: 10 } },
    ])
    expect(seenB).toEqual(seenA)
    expect(errors).toEqual([])
  })

  it('asks for a full refresh after the listening connection was cut and restored', async () => {
    const url = await server.database()
    const b = new EventBus()
    const relay = await relayEvents(b, url, 'server-b', () => {})
    closers.push(() => relay.close())
    const refreshed = until(
      b,
      (event, p) => event === 'changed' && (p as PushEvents['changed']).areas.length === ALL_AREAS.length,
    )
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN leadline_events'`,
      )
    } finally {
      await admin.end()
    }
    await refreshed
    expect(relay.listening).toBe(true)
    // Events flow again after the reconnect.
    const a = new EventBus()
    const ra = await relayEvents(a, url, 'server-a', () => {})
    closers.push(() => ra.close())
    const arrived = until(b, (event, p) => event === 'changed' && (p as PushEvents['changed']).areas[0] === 'wallets')
    a.emit('changed', { areas: ['wallets'] })
    await arrived
  })
})
