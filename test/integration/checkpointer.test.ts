import { readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs'
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

  // The worker flushes the file through a descriptor of the main thread's: it must not outlive the
  // workspace (a desktop that opens workspace after workspace would leak one each time).
  it.skipIf(process.platform !== 'linux')('close every descriptor of the workspace file with the app', async () => {
    const path = join(realpathSync(tempDir()), 'w.db')
    const open = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === path
        } catch {
          return false
        }
      }).length
    const app = await testApp({ path })
    expect(open()).toBeGreaterThan(0)
    await app.close()
    expect(open()).toBe(0)
  })
})
