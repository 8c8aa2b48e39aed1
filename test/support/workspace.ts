import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { createApp, type LeadlineApp } from '../../src/main/host/app'
import type { Ids } from '../../src/main/services/deps'
import { FakeClock, ScriptedRandom, SequentialIds } from './clock'
import { testDatabaseTarget } from './dialect'

const dirs: string[] = []
const apps: LeadlineApp[] = []

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A fresh folder for one test's workspace files; removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-test-'))
  dirs.push(dir)
  return dir
}

export interface TestApp extends LeadlineApp {
  clock: FakeClock
  random: ScriptedRandom
  /** Calls the dispatcher as the browser host would, returning the envelope. */
  call(method: string, input?: unknown, token?: string | null): ReturnType<LeadlineApp['dispatch']>
}

/** A real, migrated SQLite workspace file with a fake clock and deterministic ids. */
export async function testApp(options: { path?: string; random?: number[]; ids?: Ids } = {}): Promise<TestApp> {
  const clock = new FakeClock()
  const random = new ScriptedRandom(options.random)
  const app = await createApp({
    workspace: options.path ?? (await testDatabaseTarget(tempDir())),
    // Tests drive background work themselves (ticks with the fake clock), on either database.
    jobs: false,
    clock,
    ids: options.ids ?? new SequentialIds(),
    random,
  })
  apps.push(app)
  return Object.assign(app, {
    clock,
    random,
    call: (method: string, input?: unknown, token: string | null = null) => app.dispatch(method, input, token),
  })
}

/** Creates the first Admin and returns a token. */
export async function adminToken(app: TestApp): Promise<string> {
  const result = await app.call('auth/setup', {
    name: 'Ada Admin',
    email: 'admin@example.com',
    password: 'correct horse',
  })
  if (!result.ok) throw new Error(result.error.message)
  return (result.data as { token: string }).token
}

/** Creates a user of the given role (through the service, as the users screen will) and signs in. */
export async function tokenFor(
  app: TestApp,
  role: string,
  email = `${role.toLowerCase()}@example.com`,
): Promise<string> {
  const { hashPassword } = await import('../../src/main/services/passwords')
  await app.services.auth.createUserRow(
    app.services.deps.db,
    `${role} User`,
    email,
    role,
    await hashPassword('password123'),
  )
  const result = await app.call('auth/login', { email, password: 'password123' })
  if (!result.ok) throw new Error(result.error.message)
  return (result.data as { token: string }).token
}
