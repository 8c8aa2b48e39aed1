import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { runIntakeFromSettings } from '../../../src/main/intake/controller'
import { adminToken, testApp } from '../../support/workspace'

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const address = server.address()
  await new Promise((r) => server.close(r))
  return typeof address === 'object' && address ? address.port : 0
}

async function reachable(url: string): Promise<number | 'refused'> {
  try {
    const res = await fetch(`${url}/api/v1/leads`, { method: 'POST', body: '{}' })
    return res.status
  } catch {
    return 'refused'
  }
}

/** Waits for the server to follow the setting (it restarts asynchronously). */
async function until<T>(read: () => T | Promise<T>, expected: T): Promise<void> {
  for (let i = 0; i < 5000; i++) {
    if ((await read()) === expected) return
    await new Promise((r) => setImmediate(r))
  }
  expect(await read()).toBe(expected)
}

describe('the desktop intake server follows the intake setting', () => {
  it('listens where the setting says, stops when disabled and moves when the port changes', async () => {
    const app = await testApp()
    const admin = await adminToken(app)
    const first = await freePort()
    await app.call('intake/update', { enabled: true, port: first, host: '127.0.0.1' }, admin)
    const intake = runIntakeFromSettings(app)
    try {
      const workspace = app.services.settings.workspace
      await until(() => workspace.runningIntakeUrl, `http://127.0.0.1:${first}`)
      expect(await reachable(`http://127.0.0.1:${first}`)).toBe(401)
      const state = await app.call('intake/get', {}, admin)
      expect(state.ok && state.data).toMatchObject({ running: true, url: `http://127.0.0.1:${first}` })

      await app.call('intake/update', { enabled: false, port: first, host: '127.0.0.1' }, admin)
      await until(() => workspace.runningIntakeUrl, null)
      expect(await reachable(`http://127.0.0.1:${first}`)).toBe('refused')

      const second = await freePort()
      await app.call('intake/update', { enabled: true, port: second, host: '127.0.0.1' }, admin)
      await until(() => workspace.runningIntakeUrl, `http://127.0.0.1:${second}`)
      expect(await reachable(`http://127.0.0.1:${second}`)).toBe(401)
    } finally {
      await intake.stop()
    }
    expect(app.services.settings.workspace.runningIntakeUrl).toBeNull()
  })
})
