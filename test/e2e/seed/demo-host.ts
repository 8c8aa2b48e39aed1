import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { type DemoResult, runDemo } from '../../../src/main/demo/run'
import { type Host, startHost, test as base } from '../fixtures'

export interface DemoHost extends Host {
  demo: DemoResult
  query<T>(sql: string, ...params: unknown[]): T[]
  one<T>(sql: string, ...params: unknown[]): T
}

/** `npm run demo`'s workspace (leads sent through the real pipeline), served by the browser host. */
export const test = base.extend<{ demoHost: DemoHost }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures declare their dependencies this way
  demoHost: async ({}, use) => {
    const file = join(mkdtempSync(join(tmpdir(), 'leadline-demo-')), 'workspace.db')
    const demo = await runDemo({ workspace: file, leads: 400 })
    const host = await startHost(file)
    const db = new Database(file, { readonly: true, fileMustExist: true })
    await use({
      ...host,
      demo,
      query: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[],
      one: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T,
    })
    db.close()
    await host.stop()
  },
})
export { expect } from '../fixtures'
