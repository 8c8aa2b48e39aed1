import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { adminToken, testApp, tokenFor } from '../support/workspace'

describe('the dispatcher', () => {
  it('refuses a call without a session with UNAUTHENTICATED', async () => {
    const app = await testApp()
    await adminToken(app)
    const result = await app.call('leads/list', {})
    expect(result).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Sign in to continue' } })
  })

  it('refuses a Viewer a method that needs leads.delete with FORBIDDEN, and deletes nothing', async () => {
    const app = await testApp()
    await adminToken(app)
    const viewer = await tokenFor(app, 'Viewer')
    const result = await app.call('leads/delete', { selection: { ids: [1] } }, viewer)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('FORBIDDEN')
    const listed = await app.call('leads/list', {}, viewer)
    expect(listed.ok).toBe(true)
  })

  it('answers malformed input with VALIDATION and a message per field', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const result = await app.call(
      'leads/list',
      { page: 0, pageSize: 'many', sort: { column: 'nope', direction: 'up' } },
      token,
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('VALIDATION')
    expect(Object.keys(result.error.fields ?? {}).sort()).toEqual(['page', 'pageSize', 'sort.column', 'sort.direction'])
  })

  it('answers an unknown method with NOT_FOUND', async () => {
    const app = await testApp()
    const result = await app.call('leads/explode', {})
    expect(result.ok === false && result.error.code).toBe('NOT_FOUND')
  })

  it('creates the first Admin once, then signs in and out', async () => {
    const app = await testApp()
    const status = await app.call('auth/status', {})
    expect(status.ok && (status.data as { needsSetup: boolean }).needsSetup).toBe(true)
    const token = await adminToken(app)

    const again = await app.call('auth/setup', { name: 'Eve', email: 'eve@example.com', password: 'password123' })
    expect(again.ok === false && again.error.code).toBe('INVALID_STATE')

    const me = await app.call('auth/me', {}, token)
    expect(me.ok && (me.data as { role: string }).role).toBe('Admin')

    const wrong = await app.call('auth/login', { email: 'admin@example.com', password: 'wrong password' })
    expect(wrong.ok === false && wrong.error.code).toBe('UNAUTHENTICATED')

    await app.call('auth/logout', {}, token)
    const after = await app.call('auth/me', {}, token)
    expect(after.ok === false && after.error.code).toBe('UNAUTHENTICATED')
  })

  it('creates one first Admin when two set the workspace up at the same moment', async () => {
    const app = await testApp()
    const answers = await Promise.all(
      ['ada', 'eve'].map((name) =>
        app.call('auth/setup', { name, email: `${name}@example.com`, password: 'password123' }),
      ),
    )
    expect(answers.filter((a) => a.ok)).toHaveLength(1)
    expect(answers.filter((a) => !a.ok).map((a) => !a.ok && a.error.code)).toEqual(['INVALID_STATE'])
    const users = await app.services.deps.db.selectFrom('users').select('email').execute()
    expect(users).toHaveLength(1)
  })

  it('gives each default role the permissions of the spec', async () => {
    const app = await testApp()
    await adminToken(app)
    const manager = await tokenFor(app, 'Manager')
    const me = await app.call('auth/me', {}, manager)
    const permissions = me.ok ? (me.data as { permissions: string[] }).permissions : []
    expect(permissions).toContain('leads.delete')
    expect(permissions).not.toContain('leads.reprocess')
    expect(permissions).not.toContain('users.manage')
  })

  it('turns an unexpected failure into INTERNAL without leaking its message', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    await sql`DROP TABLE lead_events`.execute(app.services.deps.db)
    const result = await app.call('leads/get', { id: 1 }, token)
    expect(result.ok === false && result.error.code).toBe('NOT_FOUND')
    await app.services.deps.db
      .insertInto('leads')
      .values({ uuid: 'u-1', status: 'Pending', created_at: 1, updated_at: 1 })
      .execute()
    const broken = await app.call('leads/get', { id: 1 }, token)
    expect(broken.ok).toBe(false)
    if (!broken.ok) {
      expect(broken.error.code).toBe('INTERNAL')
      expect(broken.error.message).not.toMatch(/lead_events/)
    }
  })
})
