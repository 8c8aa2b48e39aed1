import { hostname } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pino from 'pino'
import { copyWorkspace } from './db/copy-workspace'
import { isPostgresUrl, safeLocation } from './db/database'
import { createApp } from './host/app'
import { createBrowserHost } from './host/browser-host'
import { createIntakeServer, listenIntake } from './intake'
import { serveClient } from './client/serve-client'

const USAGE = `Usage:
  npm run server -- --database postgres://USER@HOST/DB [--port N] [--intake-port N] [--host ADDRESS] [--allowed-host NAME ...]
        [--abandoned-after MS]
  npm run server -- --database FILE.db …           (the same server on a SQLite workspace)
  npm run server -- migrate-workspace FILE.db --database postgres://USER@HOST/DB
  npm run serve  -- --workspace FILE.db [--port N]  (the browser host on this machine only)
  npm run serve  -- --server URL [--port N] [--data DIR]  (a client host in front of a team server)

  --port 0 / --intake-port 0 take any free port; the lines "Intake API listening on URL" and
  "Leadline listening on URL" name the ports taken.
  --abandoned-after MS: among several servers on one database, a lead left Pending this long
  (a server stopped while distributing it) is resumed by another one (default 300000, 5 minutes;
  also LEADLINE_ABANDONED_AFTER_MS).`

const log = pino({ base: { service: 'leadline', pid: process.pid, host: hostname() } })

function fail(message: string): never {
  log.error(message)
  console.error(USAGE)
  process.exit(2)
}

/** `migrate-workspace FILE --database URL`: copies a SQLite workspace into an empty PostgreSQL database. */
async function migrateWorkspace(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { database: { type: 'string' } }, allowPositionals: true })
  const file = positionals[0]
  if (!file || !values.database || !isPostgresUrl(values.database)) {
    fail('migrate-workspace needs a workspace file and --database postgres://…')
  }
  log.info({ file, database: safeLocation(values.database) }, 'copying the workspace into PostgreSQL')
  const report = await copyWorkspace({
    file,
    url: values.database,
    onTable: (table, rows) => log.info({ table, rows }, 'table copied'),
  })
  const rows = report.tables.reduce((s, t) => s + t.rows, 0)
  log.info(
    { tables: report.tables.length, rows, leadsByStatus: report.statusCounts, ms: report.ms },
    'workspace copied and checked',
  )
}

/**
 * The headless server: the browser host (the whole UI for operators) and the intake API for
 * sources, on a SQLite workspace or a PostgreSQL database that several such processes may share.
 */
async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      workspace: { type: 'string' },
      database: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '5180' },
      'intake-port': { type: 'string' },
      static: { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'abandoned-after': { type: 'string' },
      server: { type: 'string' },
      data: { type: 'string' },
    },
  })
  if (values.server) {
    await serveClient({
      server: values.server,
      dataDir: values.data,
      host: values.host,
      port: Number(values.port),
      staticDir: values.static ?? join(__dirname, '../renderer'),
      log,
    })
    return
  }
  const target = values.database ?? values.workspace
  if (!target) fail('Name the database: --database postgres://… or --database FILE.db')
  const port = Number(values.port)
  const intakePortAsked = Number(values['intake-port'] ?? 5181)
  if (!Number.isInteger(port) || !Number.isInteger(intakePortAsked)) fail('--port and --intake-port take numbers')
  const abandonedAfter = values['abandoned-after'] ?? process.env.LEADLINE_ABANDONED_AFTER_MS
  const abandonedAfterMs = abandonedAfter === undefined ? undefined : Number(abandonedAfter)
  if (abandonedAfterMs !== undefined && !(Number.isInteger(abandonedAfterMs) && abandonedAfterMs > 0))
    fail('--abandoned-after takes a number of milliseconds above zero')
  const where = isPostgresUrl(target) ? safeLocation(target) : target
  const app = await createApp({ workspace: target, logger: log, abandonedAfterMs })
  log.info({ database: where, dialect: app.services.deps.dialect }, 'database open and migrated')
  // The intake API comes up first, so a source never sees the app ready while intake is not.
  const intake = createIntakeServer(app)
  const intakePort = await listenIntake(intake, intakePortAsked, values.host)
  const shown = values.host === '0.0.0.0' || values.host === '::' ? '127.0.0.1' : values.host
  app.services.settings.workspace.runningIntakeUrl = `http://${shown}:${intakePort}`
  log.info({ url: `http://${values.host}:${intakePort}` }, 'intake API listening')
  // Kept for scripts and tests that wait for these lines.
  console.log(`Intake API listening on http://${shown}:${intakePort}`)
  const host = await createBrowserHost(app, {
    staticDir: values.static ?? join(__dirname, '../renderer'),
    allowedHosts: values['allowed-host'] ?? [],
  })
  await host.listen({ port, host: values.host })
  const address = host.server.address()
  const actual = typeof address === 'object' && address ? address.port : port
  log.info({ url: `http://${values.host}:${actual}` }, 'Leadline listening')
  console.log(`Leadline listening on http://${shown}:${actual}`)
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'stopping')
    host.server.closeAllConnections()
    intake.closeAllConnections()
    intake.close()
    void host
      .close()
      .then(() => app.close())
      .then(() => process.exit(0))
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  if (args[0] === 'migrate-workspace') await migrateWorkspace(args.slice(1))
  else await serve(args)
}

main().catch((error: unknown) => {
  log.error({ err: error }, error instanceof Error ? error.message : String(error))
  process.exit(1)
})
