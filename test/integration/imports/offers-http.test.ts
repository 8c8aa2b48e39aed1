import type { Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createIntakeServer, listenIntake } from '../../../src/main/intake'
import { hashApiKey } from '../../../src/main/services/api-keys'
import { testSql } from '../../support/sql'
import { adminToken, testApp } from '../../support/workspace'
import { seedImport } from './seed'

const servers: Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((r) => s.close(r))
  }
})

const KEY = 'll_offers_test_key_0001'

describe('POST /api/v1/offers', () => {
  it('takes a source’s offer for a reverse auction with its API key, and refuses what it should', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const seed = await seedImport(app.services.deps.db, app.clock.now())
    const q = testSql(app)
    await q.run('UPDATE sources SET api_key_hash = ? WHERE id = ?', hashApiKey(KEY), seed.sourceId)
    const csv = 'first_name,last_name,email\nAnn,Lee,ann@example.com\n'
    const upload = await app.call(
      'imports/upload',
      { fileName: 'one.csv', chunk: Buffer.from(csv).toString('base64'), done: true },
      token,
    )
    if (!upload.ok) throw new Error(upload.error.message)
    const started = await app.call(
      'imports/start',
      {
        uploadId: (upload.data as { uploadId: string }).uploadId,
        categoryId: seed.categoryId,
        customerId: seed.customerId,
        mapping: { first_name: 0, last_name: 1, email: 2 },
        jobId: 'job-offers',
      },
      token,
    )
    expect(started.ok).toBe(true)
    const { uuid } = (await q.get<{ uuid: string }>('SELECT uuid FROM leads')) ?? { uuid: '' }

    const server = createIntakeServer(app)
    servers.push(server)
    const url = `http://127.0.0.1:${await listenIntake(server, 0)}/api/v1/offers`
    const post = async (body: unknown, key: string | null = KEY) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
        body: JSON.stringify(body),
      })
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    }

    expect(await post({ lead_id: uuid, price: 7.5, note: 'two in stock' })).toEqual({
      status: 201,
      body: { offer_id: 1, listing_id: 1, price: 7.5 },
    })
    expect((await post({ lead_id: uuid, price: 7.5 }, 'wrong key')).status).toBe(401)
    expect(await post({ lead_id: uuid, price: -1 })).toMatchObject({ status: 422 })
    expect(await post({ listing_id: 999, price_cents: 100 })).toMatchObject({
      status: 422,
      body: { fields: { listing_id: 'No such reverse auction' } },
    })
    expect(await q.all('SELECT source_id, price_cents, note, user_id FROM reverse_offers')).toEqual([
      { source_id: seed.sourceId, price_cents: 750, note: 'two in stock', user_id: null },
    ])
  })
})
