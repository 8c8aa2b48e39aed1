import { performance } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import type { Envelope } from '../../../src/shared/api/errors'
import { adminToken, testApp, type TestApp } from '../../support/workspace'

const login = (app: TestApp, email: string, password: string, address = '203.0.113.1') =>
  app.dispatch('auth/login', { email, password }, null, { address })

async function configure(app: TestApp, token: string, patch: Record<string, number>): Promise<void> {
  const saved = await app.call(
    'signIn/update',
    { sessionIdleMinutes: 720, lockAfterFailures: 20, lockMinutes: 15, ...patch },
    token,
  )
  if (!saved.ok) throw new Error(saved.error.message)
}

const failure = (e: Envelope<unknown>) => (e.ok ? null : e.error)

describe('sign-in', () => {
  it('locks an email for the configured time after 20 wrong passwords, in the activity log', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    await configure(app, token, { lockMinutes: 10 })
    for (let i = 1; i <= 20; i++) {
      app.clock.advance(31_000) // past the growing delay
      expect(failure(await login(app, 'admin@example.com', `wrong ${i}`, `198.51.100.${i}`))).toMatchObject({
        code: 'UNAUTHENTICATED',
      })
    }
    // Locked: even the right password is refused, from any address, with the time left.
    const locked = failure(await login(app, 'admin@example.com', 'correct horse', '192.0.2.50'))
    expect(locked).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/locked for 10 min more/) })
    const log = await app.services.deps.db
      .selectFrom('audit_log')
      .select('summary')
      .where('action', '=', 'auth.locked')
      .execute()
    expect(log.map((l) => l.summary)).toEqual([expect.stringContaining('admin@example.com')])
    app.clock.advance(9 * 60_000)
    expect(failure(await login(app, 'admin@example.com', 'correct horse'))).toMatchObject({ code: 'FORBIDDEN' })
    app.clock.advance(61_000)
    expect(await login(app, 'admin@example.com', 'correct horse')).toMatchObject({ ok: true })
  }, 60_000)

  it('makes each attempt after a few failures wait longer, per email and per address', async () => {
    const app = await testApp()
    await adminToken(app)
    for (let i = 0; i < 3; i++) await login(app, 'admin@example.com', 'wrong')
    const early = failure(await login(app, 'admin@example.com', 'correct horse'))
    expect(early).toMatchObject({ code: 'FORBIDDEN', message: 'Too many failed sign-ins: try again in 1 s' })
    app.clock.advance(1000)
    await login(app, 'admin@example.com', 'wrong')
    app.clock.advance(1000)
    expect(failure(await login(app, 'admin@example.com', 'correct horse'))?.message).toBe(
      'Too many failed sign-ins: try again in 1 s',
    )
    app.clock.advance(1000)
    expect(await login(app, 'admin@example.com', 'correct horse')).toMatchObject({ ok: true })

    // One address guessing many emails is slowed down too.
    for (let i = 0; i < 9; i++) await login(app, `nobody${i}@example.com`, 'guess', '192.0.2.9')
    expect(failure(await login(app, 'someone@example.com', 'guess', '192.0.2.9'))?.message).toMatch(/try again in/)
    expect(failure(await login(app, 'someone@example.com', 'guess', '192.0.2.10'))?.code).toBe('UNAUTHENTICATED')
  }, 60_000)

  it('counts parallel guesses one after another, so they wait behind the delays too', async () => {
    const app = await testApp()
    await adminToken(app)
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => login(app, 'admin@example.com', `guess ${i}`)),
    )
    const codes = answers.map((a) => failure(a)?.code)
    // Three free attempts have their password checked; the other seven are told to wait.
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(3)
    expect(codes.filter((c) => c === 'FORBIDDEN')).toHaveLength(7)
  })

  it('costs an unknown email the same scrypt work as a known one', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    await configure(app, token, { lockAfterFailures: 100 })
    const times = { known: 0, unknown: 0 }
    for (let i = 0; i < 20; i++) {
      for (const kind of ['known', 'unknown'] as const) {
        app.clock.advance(31_000)
        const email = kind === 'known' ? 'admin@example.com' : `stranger${i}@example.com`
        const started = performance.now()
        const answer = failure(await login(app, email, 'not the password', `198.51.100.${i}`))
        times[kind] += performance.now() - started
        expect(answer).toEqual({ code: 'UNAUTHENTICATED', message: 'Email or password is wrong' })
      }
    }
    expect(times.unknown / times.known).toBeGreaterThan(0.5)
    expect(times.unknown / times.known).toBeLessThan(2)
  }, 60_000)

  it('ends a session left idle for the configured time and keeps one in use', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    await configure(app, token, { sessionIdleMinutes: 30 })
    const fresh = await login(app, 'admin@example.com', 'correct horse')
    const session = (fresh.ok ? fresh.data : null) as { token: string }
    for (let i = 0; i < 4; i++) {
      app.clock.advance(20 * 60_000)
      expect(await app.call('auth/me', {}, session.token)).toMatchObject({ ok: true })
    }
    app.clock.advance(31 * 60_000)
    expect(failure(await app.call('auth/me', {}, session.token))).toMatchObject({ code: 'UNAUTHENTICATED' })
  })
})
