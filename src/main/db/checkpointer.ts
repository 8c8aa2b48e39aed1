import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * Copies the write-ahead log back into the database file from a worker thread. Left to SQLite,
 * the checkpoint runs inside whichever commit crosses the WAL size limit, on the main thread,
 * stalling that commit (and every lead waiting on it) for tens of milliseconds. PASSIVE never
 * blocks the main connection's readers or writers; the main connection's own automatic
 * checkpoint stays as a fallback with a higher limit (see open.ts).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {})
db.pragma('busy_timeout = 0')
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch { /* busy: the next turn will do it */ }
}, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  db.close()
  parentPort.close()
})
`

export interface Checkpointer {
  stop(): Promise<void>
}

export function startCheckpointer(options: {
  path: string
  nativeBinding?: string
  intervalMs?: number
}): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path: options.path,
      nativeBinding: options.nativeBinding ?? null,
      driver: createRequire(__filename).resolve('better-sqlite3'),
      intervalMs: options.intervalMs ?? 250,
    },
  })
  worker.unref()
  // A checkpointer that cannot run only means the main connection checkpoints as before.
  worker.on('error', (error) => console.error('[db] background checkpoints stopped:', error.message))
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  let stopping: Promise<void> | null = null
  return {
    stop: () => {
      // Held by the event loop again until it has closed its connection, so a process that is
      // shutting down waits for it instead of ending with the stop still pending.
      worker.ref()
      stopping ??= (worker.postMessage('stop'), exited)
      return stopping
    },
  }
}
