import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { AuditItem } from '../../../src/shared/api/audit'
import type { LeadDetail } from '../../../src/shared/domain/lead'
import { CacheStore } from '../../../src/main/client/cache-store'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function cacheFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-cache-'))
  dirs.push(dir)
  return join(dir, 'server.db')
}

function item(id: number, firstName: string): AuditItem {
  return {
    id,
    uuid: `lead-${id}`,
    createdAt: 1,
    sourceName: 'Web',
    categoryName: 'Solar',
    leadTypeName: null,
    contact: { first_name: firstName } as AuditItem['contact'],
    details: {},
    reason: 'sampled 10%',
    reasonData: null,
  }
}

const detailNamed = (firstName: string) => ({ contact: { first_name: firstName } }) as unknown as LeadDetail

describe('the cached Audit queue', () => {
  it('keeps a changed lead’s last detail readable until the new one is fetched', () => {
    const store = new CacheStore(cacheFile())
    store.replaceAuditQueue(2, [item(1, 'Ana'), item(2, 'Ben')])
    expect(store.missingDetails()).toEqual([1, 2])
    store.saveDetail(1, detailNamed('Ana'), [])
    store.saveDetail(2, detailNamed('Ben'), [])
    expect(store.missingDetails()).toEqual([])

    // A colleague renamed lead 1: its entry changed, lead 2's did not.
    store.replaceAuditQueue(2, [item(1, 'Anna'), item(2, 'Ben')])
    expect(store.missingDetails()).toEqual([1])
    expect(store.detail(1)?.contact.first_name).toBe('Ana')
    store.saveDetail(1, detailNamed('Anna'), [])
    expect(store.missingDetails()).toEqual([])
    expect(store.detail(1)?.contact.first_name).toBe('Anna')

    // A lead that left the queue leaves the cache.
    store.replaceAuditQueue(1, [item(2, 'Ben')])
    expect(store.detail(1)).toBeNull()
    expect(store.auditCached()).toBe(1)
    store.close()
  })

  it('refills a queue cached in an older shape, keeping the outbox', () => {
    const path = cacheFile()
    const first = new CacheStore(path)
    first.enqueue({
      decisionId: 'd-1',
      leadId: 1,
      decision: 'approve',
      reason: null,
      queuedAt: 1,
      sessionHash: null,
      userId: 1,
    })
    first.close()
    const raw = new Database(path)
    raw.exec(`DROP TABLE audit_items;
      CREATE TABLE audit_items (lead_id INTEGER PRIMARY KEY, position INTEGER NOT NULL, item_json TEXT NOT NULL,
        detail_json TEXT, fields_json TEXT);
      INSERT INTO audit_items VALUES (1, 0, '{}', '{}', '[]');`)
    raw.close()

    const store = new CacheStore(path)
    expect(store.auditCached()).toBe(0)
    store.replaceAuditQueue(1, [item(1, 'Ana')])
    expect(store.missingDetails()).toEqual([1])
    expect(store.pending().map((row) => row.decisionId)).toEqual(['d-1'])
    store.close()
  })
})
