import { describe, expect, it } from 'vitest'
import type { CustomerDef } from '../../../src/shared/api/settings/customers'
import type { RoleDef, UserDef } from '../../../src/shared/api/settings/users'
import { adminToken, type TestApp, testApp } from '../../support/workspace'
import { auditActions, fails, ok } from './helpers'

/** Every `changed` event, with whether a transaction was still open on the workspace when it went out. */
function changes(app: TestApp): { areas: string[]; inTransaction: boolean }[] {
  const seen: { areas: string[]; inTransaction: boolean }[] = []
  app.services.deps.events.subscribe((event, payload) => {
    if (event === 'changed' && 'areas' in payload)
      seen.push({ areas: payload.areas, inTransaction: app.services.deps.store.sqlite.inTransaction })
  })
  return seen
}

describe('a settings write is one unit of work', () => {
  it('announces the change once it has committed', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const seen = changes(app)
    const customer = await ok<CustomerDef>(app, 'customers/create', { name: 'Acme' }, token)
    await ok(app, 'wallets/deposit', { customerId: customer.id, amountCents: 2_500 }, token)
    expect(seen).toEqual([
      { areas: ['settings', 'customers'], inTransaction: false },
      { areas: ['settings', 'customers', 'wallets'], inTransaction: false },
    ])
  })

  it('a refusal after the first writes undoes them, audit line included, and announces nothing', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const roles = await ok<RoleDef[]>(app, 'roles/list', {}, token)
    const viewer = roles.find((r) => r.name === 'Viewer')!
    const me = (await ok<{ id: number }>(app, 'auth/me', {}, token)).id
    const audit = auditActions(app)
    const seen = changes(app)

    // The role is written first; only then does the check find nobody left to manage users.
    await fails(app, 'users/update', { id: me, roleId: viewer.id }, token, 'INVALID_STATE')
    const users = await ok<UserDef[]>(app, 'users/list', {}, token)
    expect(users.find((u) => u.id === me)).toMatchObject({ role: 'Admin', active: true })
    expect(auditActions(app)).toEqual(audit)
    expect(seen).toEqual([])

    // A deposit to no customer, or of nothing, moves no money.
    await fails(app, 'wallets/deposit', { customerId: 999, amountCents: 100 }, token, 'NOT_FOUND')
    const customer = await ok<CustomerDef>(app, 'customers/create', { name: 'Acme' }, token)
    await fails(app, 'wallets/adjust', { customerId: customer.id, amountCents: 100, reason: ' ' }, token, 'VALIDATION')
    expect((await ok<CustomerDef>(app, 'customers/get', { id: customer.id }, token)).balanceCents).toBe(0)
    expect(seen.map((c) => c.areas)).toEqual([['settings', 'customers']])
  })
})
