import { type Host, test as base } from '../fixtures'
import { type ConsoleSeed, seedConsole } from './console-seed'
import { prepareWorkspace, serveWorkspace } from './workspace-file'

export interface SeededHost extends Host {
  seed: ConsoleSeed
  /** Reads the workspace as the app left it (beside the running host). */
  query<T>(sql: string, ...params: unknown[]): Promise<T[]>
  one<T>(sql: string, ...params: unknown[]): Promise<T>
}

/** Builds the console workspace through createApp, then starts the browser host on it. */
async function seededHost(options: SeedOptions): Promise<SeededHost & { stop: () => Promise<void> }> {
  const { dir, workspace, seed } = await prepareWorkspace(
    'leadline-seed-',
    { workspaceName: 'Acme Leads', name: 'Setup Admin', email: 'setup@leadline.test', password: 'password123' },
    (app) => seedConsole(app, options),
  )
  return { ...(await serveWorkspace(dir, workspace)), seed }
}

export interface SeedOptions {
  extraLeads?: number
  /** A daily cap on Acme's bid, to watch a return free its place. */
  acmeDailyCap?: number
}

export const test = base.extend<{ seeded: SeededHost; seedOptions: SeedOptions }>({
  seedOptions: [{}, { option: true }],
  seeded: async ({ seedOptions }, use) => {
    const host = await seededHost(seedOptions)
    await use(host)
    await host.stop()
  },
})
export { expect } from '../fixtures'
