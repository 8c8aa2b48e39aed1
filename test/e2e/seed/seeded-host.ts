import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { createApp } from '../../../src/main/host/app'
import { type Host, startHost, test as base } from '../fixtures'
import { type ConsoleSeed, seedConsole } from './console-seed'

export interface SeededHost extends Host {
  seed: ConsoleSeed
  /** Reads the workspace file as the app left it (read-only, beside the running host). */
  query<T>(sql: string, ...params: unknown[]): T[]
  one<T>(sql: string, ...params: unknown[]): T
}

/** Builds the console workspace through createApp, then starts the browser host on it. */
async function seededHost(options: SeedOptions): Promise<SeededHost & { stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-seed-'))
  const file = join(dir, 'workspace.db')
  const app = await createApp({ workspace: file })
  await app.services.auth.setup({
    workspaceName: 'Acme Leads',
    name: 'Setup Admin',
    email: 'setup@leadline.test',
    password: 'password123',
  })
  const seed = await seedConsole(app, options)
  await app.close()
  const host = await startHost(file)
  const db = new Database(file, { readonly: true, fileMustExist: true })
  return {
    ...host,
    seed,
    query: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[],
    one: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T,
    stop: async () => {
      db.close()
      await host.stop()
    },
  }
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
