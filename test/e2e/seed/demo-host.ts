import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DemoResult, runDemo } from '../../../src/main/demo/run'
import { type Host, test as base } from '../fixtures'
import { serveWorkspace } from './workspace-file'

export interface DemoHost extends Host {
  demo: DemoResult
  query<T>(sql: string, ...params: unknown[]): Promise<T[]>
  one<T>(sql: string, ...params: unknown[]): Promise<T>
}

/** `npm run demo`'s workspace (leads sent through the real pipeline), served by the browser host. */
export const test = base.extend<{ demoHost: DemoHost }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures declare their dependencies this way
  demoHost: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'leadline-demo-'))
    const file = join(dir, 'workspace.db')
    const demo = await runDemo({ workspace: file, leads: 400 })
    const host = await serveWorkspace(dir, file)
    await use({ ...host, demo })
    await host.stop()
  },
})
export { expect } from '../fixtures'
