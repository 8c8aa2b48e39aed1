import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createApp } from './host/app'
import { createBrowserHost } from './host/browser-host'
import { createIntakeServer, listenIntake } from './intake'

/**
 * Browser host entry:
 * `node out/main/server.js --workspace FILE [--port N] [--intake-port N] [--allowed-host NAME ...]`.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string' },
      port: { type: 'string', default: '5180' },
      'intake-port': { type: 'string' },
      static: { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
    },
  })
  if (!values.workspace) {
    console.error('Usage: npm run serve -- --workspace FILE [--port N] [--intake-port N] [--allowed-host NAME]')
    process.exit(2)
  }
  const app = await createApp({ workspace: values.workspace })
  // The intake API comes up first, so a source never sees the app ready while intake is not.
  const intake = createIntakeServer(app)
  const intakePort = await listenIntake(intake, Number(values['intake-port'] ?? 5181), '127.0.0.1')
  app.services.settings.workspace.runningIntakeUrl = `http://127.0.0.1:${intakePort}`
  console.log(`Intake API listening on http://127.0.0.1:${intakePort}`)
  const host = await createBrowserHost(app, {
    staticDir: values.static ?? join(__dirname, '../renderer'),
    allowedHosts: values['allowed-host'] ?? [],
  })
  await host.listen({ port: Number(values.port), host: '127.0.0.1' })
  const address = host.server.address()
  const actual = typeof address === 'object' && address ? address.port : Number(values.port)
  console.log(`Leadline listening on http://127.0.0.1:${actual}`)
  const stop = (): void => {
    host.server.closeAllConnections()
    intake.closeAllConnections()
    intake.close()
    void host
      .close()
      .then(() => app.close())
      .then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
