import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/database'
import { jobsRepository } from '../../../src/main/db/repositories/jobs'
import type { DB } from '../../../src/main/db/schema'
import { JobRunner } from '../../../src/main/services/jobs'
import { FakeClock } from '../../support/clock'
import { testPostgres } from '../../support/postgres'
import { tempDir } from '../../support/workspace'

const server = await testPostgres('jobs-runner.test.ts')
const closers: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const close of closers.splice(0)) await close()
})

/** Two handles on one database, as two server processes would have (two pools on PostgreSQL). */
type Open = () => Promise<[Kysely<DB>, Kysely<DB>]>
const dialects: [string, Open][] = [
  [
    'sqlite',
    async () => {
      const path = join(tempDir(), 'jobs.db')
      const a = await openDatabase({ target: path, now: () => 0 })
      const b = await openDatabase({ target: path, now: () => 0 })
      closers.push(
        () => a.close(),
        () => b.close(),
      )
      return [a.db, b.db]
    },
  ],
]
if (server.baseUrl) {
  dialects.push([
    'postgres',
    async () => {
      const url = await server.database()
      const a = await openDatabase({ target: url })
      const b = await openDatabase({ target: url })
      closers.push(
        () => a.close(),
        () => b.close(),
      )
      return [a.db, b.db]
    },
  ])
}

describe.each(dialects)('background jobs on %s', (_name, open) => {
  it('runs each due period exactly once across two processes racing for it', async () => {
    const [dbA, dbB] = await open()
    const clock = new FakeClock()
    const calls: string[] = []
    const runners = [new JobRunner({ db: dbA, clock, owner: 'a' }), new JobRunner({ db: dbB, clock, owner: 'b' })]
    for (const runner of runners) {
      await runner.register({
        name: 'tick',
        everyMs: 30_000,
        run: async () => {
          calls.push(runner.owner)
        },
      })
    }
    for (let period = 0; period < 25; period++) {
      const ran = await Promise.all(runners.map((r) => r.runDue()))
      expect(ran.flat()).toEqual(['tick'])
      // Not due again until the interval has passed.
      expect((await Promise.all(runners.map((r) => r.runDue()))).flat()).toEqual([])
      clock.advance(30_000)
    }
    expect(calls).toHaveLength(25)
    const [row] = await jobsRepository.list(dbA)
    expect(row).toMatchObject({ name: 'tick', runs: 25, claimedBy: null, lastError: null })
  })

  it('takes over the job of a process that died holding it once its lease has ended', async () => {
    const [dbA, dbB] = await open()
    const clock = new FakeClock()
    await jobsRepository.ensure(dbA, 'release', clock.now())
    // Process "dead" claimed the job and never finished.
    expect(await jobsRepository.claim(dbA, 'release', 'dead', clock.now(), clock.now() + 60_000)).toBe(true)
    let runs = 0
    const survivor = new JobRunner({ db: dbB, clock, owner: 'survivor' })
    await survivor.register({ name: 'release', everyMs: 60_000, leaseMs: 60_000, run: async () => void runs++ })
    expect(await survivor.runDue()).toEqual([])
    clock.advance(60_001)
    expect(await survivor.runDue()).toEqual(['release'])
    expect(runs).toBe(1)
    // The dead process's late finish no longer counts.
    expect(await jobsRepository.finish(dbA, 'release', 'dead', clock.now(), clock.now(), null)).toBe(false)
  })

  it('keeps the job of a run that lasts longer than its lease by renewing the claim', async () => {
    const [dbA, dbB] = await open()
    const clock = new FakeClock()
    let finish: () => void = () => undefined
    const long = new Promise<void>((resolve) => (finish = resolve))
    let started = false
    let renewals = 0
    const slow = new JobRunner({ db: dbA, clock, owner: 'slow', renewMs: 5 })
    await slow.register({
      name: 'resume',
      everyMs: 60_000,
      leaseMs: 30_000,
      run: async () => {
        started = true
        await long
      },
    })
    const other = new JobRunner({ db: dbB, clock, owner: 'other' })
    let stolen = 0
    await other.register({ name: 'resume', everyMs: 60_000, leaseMs: 30_000, run: async () => void stolen++ })
    const running = slow.runDue()
    await expect.poll(() => started).toBe(true)
    // Far past the first lease: the claim was renewed meanwhile, so the other process keeps off.
    for (let i = 0; i < 3; i++) {
      // Read before the clock moves: a renewal that lands after the move writes a later lease.
      const before = (await jobsRepository.list(dbB))[0]?.claimedUntil ?? 0
      clock.advance(25_000)
      await expect.poll(async () => ((await jobsRepository.list(dbB))[0]?.claimedUntil ?? 0) > before).toBe(true)
      renewals++
      expect(await other.runDue()).toEqual([])
    }
    finish()
    expect(await running).toEqual(['resume'])
    expect(renewals).toBe(3)
    expect(stolen).toBe(0)
    expect((await jobsRepository.list(dbA))[0]).toMatchObject({ claimedBy: null, runs: 1 })
  })

  it('records a failed run and schedules the next; wake makes it due at once', async () => {
    const [db] = await open()
    const clock = new FakeClock()
    const errors: string[] = []
    let fail = true
    const runner = new JobRunner({ db, clock, owner: 'a', onError: (job) => errors.push(job) })
    await runner.register({
      name: 'retry',
      everyMs: 3_600_000,
      run: async () => {
        if (fail) throw new Error('partner down')
      },
    })
    expect(await runner.runDue()).toEqual(['retry'])
    expect(errors).toEqual(['retry'])
    expect((await jobsRepository.list(db))[0]).toMatchObject({
      lastError: 'partner down',
      dueAt: clock.now() + 3_600_000,
    })
    fail = false
    clock.advance(1000)
    expect(await runner.runDue()).toEqual([])
    await runner.wake('retry')
    expect(await runner.runDue()).toEqual(['retry'])
    expect((await jobsRepository.list(db))[0]).toMatchObject({ lastError: null, runs: 2 })
  })
})
