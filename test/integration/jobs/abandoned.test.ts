import { afterAll, describe, expect, it } from 'vitest'
import { createApp, type LeadlineApp } from '../../../src/main/host/app'
import { FakeClock } from '../../support/clock'
import { testPostgres } from '../../support/postgres'

const server = await testPostgres('abandoned.test.ts')
const apps: LeadlineApp[] = []
afterAll(async () => {
  for (const app of apps.splice(0)) await app.close()
})

describe.skipIf(!server.baseUrl)('leads a stopped server left half-way, among several servers', () => {
  it('are resumed once, by one server, and only once abandoned', async () => {
    const url = await server.database()
    const clock = new FakeClock()
    const first = await createApp({ workspace: url, clock, jobs: true, abandonedAfterMs: 60_000 })
    apps.push(first)
    const { db } = first.services.deps
    // Two leads another server was distributing when it stopped: one just now, one long ago.
    const lead = (uuid: string, at: number) =>
      db
        .insertInto('leads')
        .values({ uuid, status: 'Pending', resume_from: 'pipeline', created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow()
    const old = await lead('abandoned', clock.now() - 10 * 60_000)
    const recent = await lead('in-progress', clock.now() - 1_000)
    // Two more servers start at the same moment; each resumes abandoned leads on start.
    apps.push(
      ...(await Promise.all([
        createApp({ workspace: url, clock, jobs: true, abandonedAfterMs: 60_000 }),
        createApp({ workspace: url, clock, jobs: true, abandonedAfterMs: 60_000 }),
      ])),
    )
    const resumed = async (id: number) =>
      (
        await db
          .selectFrom('lead_events')
          .select('id')
          .where('lead_id', '=', id)
          .where('message', '=', 'Resumed after a restart')
          .execute()
      ).length
    const status = async (id: number) =>
      (await db.selectFrom('leads').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status
    expect(await resumed(old.id)).toBe(1)
    expect(await status(old.id)).not.toBe('Pending')
    // The recent one may still be in another server's hands: left alone.
    expect(await resumed(recent.id)).toBe(0)
    expect(await status(recent.id)).toBe('Pending')
  })
})
