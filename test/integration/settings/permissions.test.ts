import { describe, expect, it } from 'vitest'
import { contract } from '../../../src/shared/api/contract'
import { settingsContract } from '../../../src/shared/api/settings'
import { adminToken, testApp, tokenFor } from '../../support/workspace'
import { count } from './helpers'

/** Reads any operator may do (the leads console's filter lists, a customer's wallet and bids). */
const READS = [
  'categories/list',
  'categories/get',
  'leadTypes/list',
  'sources/list',
  'customers/list',
  'customers/get',
  'bids/list',
  'wallets/ledger',
  'subscription/get',
]

describe('settings permissions', () => {
  it('every settings method names the permission of the spec', () => {
    for (const [name, def] of Object.entries(settingsContract)) {
      expect(contract).toHaveProperty([name])
      const area = name.split('/')[0]!
      const expected = READS.includes(name)
        ? 'leads.view'
        : area === 'users' || area === 'roles'
          ? 'users.manage'
          : name === 'wallets/deposit' || name === 'wallets/adjust'
            ? 'wallets.adjust'
            : 'settings.manage'
      expect(def.access, name).toBe(expected)
    }
  })

  it('refuses every write to an Operator and users/roles to a Manager, and changes nothing', async () => {
    const app = await testApp()
    await adminToken(app)
    const operator = await tokenFor(app, 'Operator')
    const manager = await tokenFor(app, 'Manager')
    const before = await count(app, 'audit_log')
    for (const [name, def] of Object.entries(settingsContract)) {
      if (def.access === 'leads.view') continue
      const result = await app.call(name, {}, operator)
      expect(result.ok === false && result.error.code, `${name} as Operator`).toBe('FORBIDDEN')
      if (def.access === 'users.manage') {
        const asManager = await app.call(name, {}, manager)
        expect(asManager.ok === false && asManager.error.code, `${name} as Manager`).toBe('FORBIDDEN')
      }
    }
    expect(await count(app, 'audit_log')).toBe(before)
  })

  it('lets a Viewer read the lists the leads console filters by', async () => {
    const app = await testApp()
    await adminToken(app)
    const viewer = await tokenFor(app, 'Viewer')
    for (const name of ['categories/list', 'leadTypes/list', 'sources/list', 'customers/list']) {
      const result = await app.call(name, {}, viewer)
      expect(result.ok, name).toBe(true)
    }
  })
})
