import type { Transaction } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { DB } from '../../../src/main/db/schema'
import type { CustomerDef } from '../../../src/shared/api/settings/customers'
import type { RoleDef, UserDef } from '../../../src/shared/api/settings/users'
import { adminToken, type TestApp, testApp } from '../../support/workspace'
import { auditActions, fails, ok } from './helpers'

/**
 * Every `changed` event, with whether a transaction was still open on the workspace when it went
 * out: the SQLite file's own connection says so; on PostgreSQL, whose transactions run on pooled
 * connections, the database handle the services open their units of work on counts the ones under way.
 */
function changes(app: TestApp): { areas: string[]; inTransaction: boolean }[] {
  const deps = app.services.deps
  const db = deps.db
  let open = 0
  deps.db = new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') {
        return () => {
          const builder = target.transaction()
          return {
            execute: async <T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> => {
              open++
              try {
                return await builder.execute(fn)
              } finally {
                open--
              }
            },
          }
        }
      }
      const value: unknown = Reflect.get(target, prop, target)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
  const seen: { areas: string[]; inTransaction: boolean }[] = []
  deps.events.subscribe((event, payload) => {
    if (event === 'changed' && 'areas' in payload)
      seen.push({ areas: payload.areas, inTransaction: (app.sqlite?.inTransaction ?? false) || open > 0 })
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
    const audit = await auditActions(app)
    const seen = changes(app)

    // The role is written first; only then does the check find nobody left to manage users.
    await fails(app, 'users/update', { id: me, roleId: viewer.id }, token, 'INVALID_STATE')
    const users = await ok<UserDef[]>(app, 'users/list', {}, token)
    expect(users.find((u) => u.id === me)).toMatchObject({ role: 'Admin', active: true })
    expect(await auditActions(app)).toEqual(audit)
    expect(seen).toEqual([])

    // A deposit to no customer, or of nothing, moves no money.
    await fails(app, 'wallets/deposit', { customerId: 999, amountCents: 100 }, token, 'NOT_FOUND')
    const customer = await ok<CustomerDef>(app, 'customers/create', { name: 'Acme' }, token)
    await fails(app, 'wallets/adjust', { customerId: customer.id, amountCents: 100, reason: ' ' }, token, 'VALIDATION')
    expect((await ok<CustomerDef>(app, 'customers/get', { id: customer.id }, token)).balanceCents).toBe(0)
    expect(seen.map((c) => c.areas)).toEqual([['settings', 'customers']])
  })
})
