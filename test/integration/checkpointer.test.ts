import { statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir, testApp } from '../support/workspace'

describe('background WAL checkpoints', () => {
  it('copy committed pages into the database file while the main connection only writes', async () => {
    const path = join(tempDir(), 'w.db')
    const app = await testApp({ path })
    const sqlite = app.sqlite!
    // The main connection would not checkpoint these 1 MB before the WAL reaches 10,000 pages.
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(10000)
    const before = statSync(path).size
    sqlite.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT)')
    const insert = sqlite.prepare('INSERT INTO filler (text) VALUES (?)')
    sqlite.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run('x'.repeat(500))
    })()
    await expect.poll(() => statSync(path).size - before, { timeout: 10_000 }).toBeGreaterThan(1_000_000)
  })
})
