import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { AppError } from '../../shared/api/errors'
import { createBrowserHost } from '../host/browser-host'
import { RemoteWorkspace } from './remote-workspace'

export interface ClientHostOptions {
  server: string
  /** The cache and outbox folder; a folder of the temp dir by default (the desktop uses its user-data folder). */
  dataDir?: string
  host: string
  port: number
  staticDir: string
  log: Logger
}

/**
 * `npm run serve -- --server URL`: the browser host on this machine in front of a team server —
 * what the desktop's main process does in Electron, where the end-to-end tests can drive it.
 */
export async function serveClient(options: ClientHostOptions): Promise<void> {
  let remote: RemoteWorkspace
  try {
    remote = new RemoteWorkspace({
      url: options.server,
      dataDir: options.dataDir ?? join(tmpdir(), 'leadline-client'),
      log: (what, error) => options.log.error({ err: error }, what),
    })
  } catch (error) {
    if (error instanceof AppError) {
      options.log.error(error.message)
      process.exit(2)
    }
    throw error
  }
  const host = await createBrowserHost(remote, { staticDir: options.staticDir })
  await host.listen({ port: options.port, host: options.host })
  remote.start()
  const address = host.server.address()
  const actual = typeof address === 'object' && address ? address.port : options.port
  options.log.info({ url: `http://${options.host}:${actual}`, server: remote.url.origin }, 'client host listening')
  // Kept for scripts and tests that wait for this line.
  console.log(`Leadline listening on http://${options.host}:${actual} (team server ${remote.url.origin})`)
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    options.log.info({ signal }, 'stopping')
    host.server.closeAllConnections()
    void host
      .close()
      .then(() => remote.close())
      .then(() => process.exit(0))
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}
