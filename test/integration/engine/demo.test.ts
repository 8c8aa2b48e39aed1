import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { runDemo } from '../../../src/main/demo/run'
import { createApp } from '../../../src/main/host/app'
import { LEAD_STATUSES } from '../../../src/shared/domain/lead'
import { tempDir } from '../../support/workspace'

describe('demo workspace', () => {
  it('builds a workspace where every status appears, and says how to use it', async () => {
    const path = join(tempDir(), 'demo.db')
    const result = await runDemo({ workspace: path, leads: 300 })
    expect(result.workspace).toBe(path)
    expect(result.users.map((u) => u.role)).toEqual(['Admin', 'Manager', 'Operator', 'Viewer'])
    expect(result.sources).toHaveLength(5)
    expect(result.sources.every((s) => s.api_key.length > 20 && result.categories.includes(s.category))).toBe(true)
    expect(Object.keys(result.sample_leads)).toEqual(result.categories)

    const db = new Database(path, { readonly: true })
    const statuses = (db.prepare('SELECT DISTINCT status FROM leads').all() as { status: string }[]).map(
      (r) => r.status,
    )
    expect(statuses.sort()).toEqual([...LEAD_STATUSES].sort())
    expect(db.prepare('SELECT COUNT(*) AS n FROM customers').get()).toEqual({ n: 12 })
    // Keys are stored hashed, never in clear.
    const hashes = (db.prepare('SELECT api_key_hash FROM sources').all() as { api_key_hash: string }[]).map(
      (r) => r.api_key_hash,
    )
    expect(hashes).not.toContain(result.sources[0]?.api_key)
    // Every wallet's ledger adds up to its balance.
    const off = db
      .prepare(
        `SELECT c.id FROM customers c WHERE c.balance_cents != (SELECT COALESCE(SUM(amount_cents), 0) FROM wallet_transactions w WHERE w.customer_id = c.id)`,
      )
      .all()
    expect(off).toEqual([])
    db.close()
    await expect(runDemo({ workspace: path, leads: 1 })).rejects.toThrow(/already exists/)
  })

  it('comes with a working partner: whoever opens the workspace answers its pings and posts', async () => {
    const path = join(tempDir(), 'demo-partners.db')
    await runDemo({ workspace: path, leads: 40 })
    const app = await createApp({ workspace: path, backgroundCheckpoints: false })
    const { db } = app.services.deps
    const partner = () =>
      db
        .selectFrom('partners')
        .select(['id', 'ping_url', 'post_url'])
        .where('name', '=', 'Coastal Lead Exchange')
        .executeTakeFirstOrThrow()
    let pingUrl = ''
    try {
      pingUrl = (await partner()).ping_url ?? ''
      expect(pingUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ping$/)
      expect(pingUrl).not.toContain(':47999')
      const ping = await fetch(pingUrl, { method: 'POST', body: JSON.stringify({ state: 'CA' }) })
      expect(ping.status).toBe(200)
      expect(await ping.json()).toHaveProperty('accepted')
      const post = await fetch((await partner()).post_url, { method: 'POST', body: JSON.stringify({ state: 'CA' }) })
      expect(post.status).toBe(200)

      // The engine reaches it too: a test ping from the settings screen gets the partner's answer.
      const admin = await app.services.auth.login('admin@leadline.test', 'admin-demo-1', '127.0.0.1')
      const { id } = await partner()
      const tested = await app.dispatch('partners/testPing', { id }, admin.token)
      expect(tested.ok && tested.data).toMatchObject({ response: { statusCode: 200 } })
    } finally {
      await app.close()
    }
    // Closed with the workspace: nothing is left listening.
    await expect(fetch(pingUrl, { method: 'POST', body: '{}' })).rejects.toThrow()
  })
})
