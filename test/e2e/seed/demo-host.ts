import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DemoResult, runDemo } from '../../../src/main/demo/run'
import { type Host, startHost, test as base } from '../fixtures'
import { readWorkspace } from './workspace-file'

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
    const db = readWorkspace(file)
    await use({ ...host, demo, query: db.query, one: db.one })
    db.close()
    await host.stop()
  },
})
export { expect } from '../fixtures'
