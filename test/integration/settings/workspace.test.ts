import { DEFAULT_INTAKE_LIMITS } from '../../../src/shared/domain/config'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { PartnerDef, TestPingResult } from '../../../src/shared/api/settings/partners'
import type { PlanDef } from '../../../src/shared/api/settings/plans'
import type { SubscriptionState } from '../../../src/shared/api/settings/subscription'
import type { RoleDef, UserDef } from '../../../src/shared/api/settings/users'
import { testSql } from '../../support/sql'
import { adminToken, testApp, tokenFor } from '../../support/workspace'
import { auditActions, count, fails, ok } from './helpers'

const servers: Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r))
})

/** A partner endpoint that records what it received and answers with a fixed body. */
async function partnerServer(
  answer: string,
): Promise<{ url: string; received: { headers: Record<string, unknown>; body: string }[] }> {
  const received: { headers: Record<string, unknown>; body: string }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(answer)
    })
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping`, received }
}

describe('partners', () => {
  it('test ping sends the mapped sample, without PII, and shows the raw exchange and the parsed bid', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const endpoint = await partnerServer('{"result":{"ok":"yes","bid":"12.50","ref":"abc"}}')
    const partner = await ok<PartnerDef>(
      app,
      'partners/create',
      {
        name: 'Buyer One',
        pingUrl: endpoint.url,
        postUrl: endpoint.url,
        headers: { 'x-token': 'secret' },
        mapping: { pingFields: ['zip', 'state', 'email'], rename: { zip: 'postal_code' } },
        response: {
          format: 'json',
          acceptedPath: 'result.ok',
          acceptedValue: 'yes',
          pricePath: 'result.bid',
          referencePath: 'result.ref',
        },
        minPriceCents: 500,
      },
      token,
    )
    const result = await ok<TestPingResult>(app, 'partners/testPing', { id: partner.id }, token)
    expect(JSON.parse(endpoint.received[0]!.body)).toEqual({ postal_code: '62701', state: 'IL' })
    expect(endpoint.received[0]!.headers['x-token']).toBe('secret')
    expect(result.request.url).toBe(endpoint.url)
    expect(result.response).toMatchObject({
      statusCode: 200,
      body: '{"result":{"ok":"yes","bid":"12.50","ref":"abc"}}',
    })
    expect(result.parsed).toMatchObject({ outcome: 'bid', accepted: true, priceCents: 1250, reference: 'abc' })
    // A test leaves no lead and no ping record behind.
    expect(await count(app, 'pingpost_records')).toBe(0)
    expect(await auditActions(app)).toContain('partner.testPing')
  })

  it('shows an unreachable partner as an outcome, and validates partner settings', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const partner = await ok<PartnerDef>(
      app,
      'partners/create',
      { name: 'Gone', postUrl: 'http://127.0.0.1:9/post', timeoutMs: 200 },
      token,
    )
    const result = await ok<TestPingResult>(app, 'partners/testPing', { id: partner.id }, token)
    expect(['error', 'timeout']).toContain(result.parsed.outcome)
    expect(result.parsed.accepted).toBe(false)

    await fails(app, 'partners/create', { name: 'Bad', postUrl: 'ftp:/nope' }, token, 'VALIDATION')
    await fails(app, 'partners/create', { name: 'Bad', postUrl: 'http://x.example', timeoutMs: 5 }, token, 'VALIDATION')
    await fails(
      app,
      'partners/create',
      { name: 'Bad', postUrl: 'http://x.example', response: { format: 'soap' } },
      token,
      'VALIDATION',
    )
    const operator = await tokenFor(app, 'Operator')
    await fails(app, 'partners/testPing', { id: partner.id }, operator, 'FORBIDDEN')
  })
})

describe('distribution plans', () => {
  it('stores ordered stages and rejects unknown partners, repeated stages and a floor above the price', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const partner = await ok<PartnerDef>(app, 'partners/create', { name: 'P', postUrl: 'http://p.example/post' }, token)
    const market = {
      kind: 'marketplace',
      startPriceCents: 2500,
      floorPriceCents: 500,
      decrementCents: 250,
      intervalMinutes: 15,
      directPostPartnerId: partner.id,
    }
    const plan = await ok<PlanDef>(
      app,
      'plans/create',
      { name: 'Standard', stages: [{ kind: 'bidding' }, { kind: 'pingpost' }, market] },
      token,
    )
    expect(plan.stages.map((s) => s.kind)).toEqual(['bidding', 'pingpost', 'marketplace'])
    await fails(app, 'plans/create', { name: 'Empty', stages: [] }, token, 'VALIDATION')
    await fails(
      app,
      'plans/create',
      { name: 'Twice', stages: [{ kind: 'bidding' }, { kind: 'bidding' }] },
      token,
      'VALIDATION',
    )
    await fails(
      app,
      'plans/create',
      { name: 'Who', stages: [{ kind: 'direct_post', partnerId: 99 }] },
      token,
      'VALIDATION',
    )
    await fails(
      app,
      'plans/create',
      { name: 'Floor', stages: [{ ...market, floorPriceCents: 3000 }] },
      token,
      'VALIDATION',
    )
    await fails(app, 'plans/create', { name: 'Kind', stages: [{ kind: 'lottery' }] }, token, 'VALIDATION')

    const used = await fails(app, 'partners/delete', { id: partner.id }, token, 'CONFLICT')
    expect(used.message).toMatch(/Standard/)

    const reordered = await ok<PlanDef>(
      app,
      'plans/update',
      { id: plan.id, stages: [market, { kind: 'bidding' }] },
      token,
    )
    expect(reordered.stages.map((s) => s.kind)).toEqual(['marketplace', 'bidding'])
    const row = (await testSql(app).get<{ before: string; after: string }>(
      "SELECT before, after FROM audit_log WHERE action = 'plan.update'",
    ))!
    expect(JSON.parse(row.before).stages).toHaveLength(3)
    expect(JSON.parse(row.after).stages).toHaveLength(2)
  })
})

describe('subscription and intake', () => {
  it('sets the threshold and shows the current period usage', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const viewer = await tokenFor(app, 'Viewer')
    const now = app.clock.now()
    const insert = (uuid: string, status: string, processedAt: number | null) =>
      testSql(app).run(
        'INSERT INTO leads (uuid, status, processed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
        uuid,
        status,
        processedAt,
        now,
        now,
      )
    // Counted: leads that passed the threshold step this period, whatever happened to them after.
    await insert('a', 'Assigned', now)
    await insert('b', 'Unassigned', now)
    await insert('c', 'Withheld', null)
    await insert('d', 'Duplicate', null)
    await insert('e', 'Assigned', now - 400 * 86_400_000)
    const state = await ok<SubscriptionState>(app, 'subscription/update', { threshold: 1000, periodStartDay: 1 }, token)
    expect(state).toMatchObject({ threshold: 1000, periodStartDay: 1, used: 2, withheld: 1 })
    expect(state.period.start).toBeLessThanOrEqual(now)
    expect(state.period.end).toBeGreaterThan(now)
    await fails(app, 'subscription/update', { threshold: -1, periodStartDay: 1 }, token, 'VALIDATION')
    await fails(app, 'subscription/update', { threshold: 10, periodStartDay: 31 }, token, 'VALIDATION')
    await fails(app, 'subscription/update', { threshold: 10, periodStartDay: 1 }, viewer, 'FORBIDDEN')
    expect((await ok<SubscriptionState>(app, 'subscription/get', {}, viewer)).threshold).toBe(1000)
  })

  it('keeps the intake server on loopback by default and validates port and address', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    expect(await ok(app, 'intake/get', {}, token)).toEqual({
      enabled: true,
      port: 5181,
      host: '127.0.0.1',
      limits: DEFAULT_INTAKE_LIMITS,
      trustedProxies: [],
      url: 'http://127.0.0.1:5181',
      running: false,
    })
    await fails(app, 'intake/update', { enabled: true, port: 70000, host: '127.0.0.1' }, token, 'VALIDATION')
    const limits = { ...DEFAULT_INTAKE_LIMITS, requestsPerSecond: 0 }
    await fails(app, 'intake/update', { enabled: true, port: 8080, host: '127.0.0.1', limits }, token, 'VALIDATION')
    const proxies = ['proxy.example']
    await fails(
      app,
      'intake/update',
      { enabled: true, port: 8080, host: '127.0.0.1', trustedProxies: proxies },
      token,
      'VALIDATION',
    )
    await fails(app, 'intake/update', { enabled: true, port: 8080, host: 'not an address!' }, token, 'VALIDATION')
    expect(await ok(app, 'intake/update', { enabled: true, port: 8080, host: '0.0.0.0' }, token)).toEqual({
      enabled: true,
      port: 8080,
      host: '0.0.0.0',
      limits: DEFAULT_INTAKE_LIMITS,
      trustedProxies: [],
      url: 'http://127.0.0.1:8080',
      running: false,
    })
    expect(await auditActions(app)).toContain('intake.update')
  })
})

describe('users and roles', () => {
  it('creates users, changes roles, deactivates and resets passwords; Admin keeps users.manage', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const roles = await ok<RoleDef[]>(app, 'roles/list', {}, token)
    const role = (name: string) => roles.find((r) => r.name === name)!
    const user = await ok<UserDef>(
      app,
      'users/create',
      { name: 'Olga Operator', email: 'Olga@Example.com', roleId: role('Operator').id, password: 'password123' },
      token,
    )
    expect(user).toMatchObject({ email: 'olga@example.com', role: 'Operator', active: true })
    await fails(
      app,
      'users/create',
      { name: 'Again', email: 'olga@example.com', roleId: role('Viewer').id, password: 'password123' },
      token,
      'CONFLICT',
    )
    await fails(
      app,
      'users/create',
      { name: 'Short', email: 'x@example.com', roleId: role('Viewer').id, password: 'short' },
      token,
      'VALIDATION',
    )

    const login = await app.call('auth/login', { email: 'olga@example.com', password: 'password123' })
    const olga = login.ok ? (login.data as { token: string }).token : ''
    await fails(app, 'users/list', {}, olga, 'FORBIDDEN')
    await ok(app, 'users/update', { id: user.id, roleId: role('Manager').id }, token)
    expect((await ok<{ role: string }>(app, 'auth/me', {}, olga)).role).toBe('Manager')

    await ok(app, 'users/resetPassword', { id: user.id, password: 'new password 1' }, token)
    await fails(app, 'auth/me', {}, olga, 'UNAUTHENTICATED')
    const relogin = await app.call('auth/login', { email: 'olga@example.com', password: 'new password 1' })
    expect(relogin.ok).toBe(true)

    await ok(app, 'users/update', { id: user.id, active: false }, token)
    const blocked = await app.call('auth/login', { email: 'olga@example.com', password: 'new password 1' })
    expect(blocked.ok).toBe(false)

    const me = (await ok<{ id: number }>(app, 'auth/me', {}, token)).id
    await fails(app, 'users/update', { id: me, active: false }, token, 'INVALID_STATE')
    await fails(app, 'users/update', { id: me, roleId: role('Viewer').id }, token, 'INVALID_STATE')

    const admin = role('Admin')
    const err = await fails(
      app,
      'roles/update',
      { id: admin.id, permissions: admin.permissions.filter((p) => p !== 'users.manage') },
      token,
      'VALIDATION',
    )
    expect(err.message).toBe('Admin always keeps users.manage')

    const viewer = await ok<RoleDef>(
      app,
      'roles/update',
      { id: role('Viewer').id, permissions: ['leads.view', 'leads.export'] },
      token,
    )
    expect(viewer.permissions).toEqual(['leads.view', 'leads.export'])
    await fails(app, 'roles/update', { id: role('Viewer').id, permissions: ['leads.fly'] }, token, 'VALIDATION')
    const custom = await ok<RoleDef>(app, 'roles/create', { name: 'Auditor', permissions: ['leads.view'] }, token)
    expect(custom.builtin).toBe(false)
    expect(await auditActions(app)).toEqual(
      expect.arrayContaining(['user.create', 'user.update', 'user.resetPassword', 'role.update', 'role.create']),
    )
  })
})
