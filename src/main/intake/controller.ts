import type { Server } from 'node:http'
import type { LeadlineApp } from '../host/app'
import { createIntakeServer, listenIntake } from './server'

/**
 * Runs the desktop app's intake server as the workspace's `intake` setting says, and restarts it
 * when an operator changes the setting. A port that is taken is reported, not fatal: the app
 * itself keeps working and the operator can pick another port.
 */
export function runIntakeFromSettings(app: LeadlineApp): { stop(): Promise<void> } {
  const workspace = app.services.settings.workspace
  let server: Server | null = null
  let current = ''
  let queue: Promise<void> = Promise.resolve()

  const close = async (): Promise<void> => {
    const s = server
    server = null
    workspace.runningIntakeUrl = null
    if (s) {
      s.closeAllConnections()
      await new Promise((r) => s.close(r))
    }
  }

  const apply = async (): Promise<void> => {
    const settings = await workspace.intakeSettings()
    const wanted = settings.enabled ? `${settings.host}:${settings.port}` : ''
    if (wanted === current) return
    await close()
    current = wanted
    if (!settings.enabled) return
    const next = createIntakeServer(app)
    try {
      const port = await listenIntake(next, settings.port, settings.host)
      server = next
      const host = settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host
      workspace.runningIntakeUrl = `http://${host}:${port}`
      console.log(`Intake API listening on ${workspace.runningIntakeUrl}`)
    } catch (error) {
      console.error(`Intake API could not listen on ${wanted}: ${(error as Error).message}`)
    }
  }

  const schedule = (): void => {
    queue = queue.then(apply, apply)
  }
  schedule()
  const unsubscribe = app.events.subscribe((event, payload) => {
    if (event === 'changed' && 'areas' in payload && payload.areas.includes('intake')) schedule()
  })
  return {
    stop: async () => {
      unsubscribe()
      await queue
      current = ''
      await close()
    },
  }
}
