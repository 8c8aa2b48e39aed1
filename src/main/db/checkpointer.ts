import { closeSync, openSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * Copies the write-ahead log back into the database file from a worker thread. Left to SQLite,
 * the checkpoint runs inside whichever commit crosses the WAL size limit, on the main thread,
 * stalling that commit (and every lead waiting on it) for tens of milliseconds. PASSIVE never
 * blocks the main connection's readers or writers; the main connection's own automatic
 * checkpoint stays as a fallback with a higher limit (see app.ts).
 *
 * Under a steady stream of writes a PASSIVE checkpoint never catches up with the last frame, and
 * SQLite syncs the database file only when one does: the pages the worker copied would wait in
 * the OS cache for the main connection's fallback checkpoint, whose fsync of all of them (and of
 * the log written since the worker's last turn) stalled a bulk import for 60–80 ms every few
 * thousand rows. So the worker runs often and also flushes the database file's pages itself,
 * leaving the fallback little to sync.
 */
const WORKER_SOURCE = `
const { fsyncSync } = require('node:fs')
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {})
db.pragma('busy_timeout = 0')
let copied = 0
const timer = setInterval(() => {
  try {
    const [state] = db.pragma('wal_checkpoint(PASSIVE)')
    if (state && state.checkpointed > 0 && state.checkpointed !== copied) {
      copied = state.checkpointed
      if (workerData.fileFd !== null) fsyncSync(workerData.fileFd)
    } else if (state && state.checkpointed <= 0) copied = 0
  } catch { /* busy: the next turn will do it */ }
}, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  db.close()
  parentPort.close()
})
`

export interface Checkpointer {
  /** Stops the worker; the main connection may still be open. */
  stop(): Promise<void>
  /**
   * Closes the descriptor the worker flushed the database file through. Only once every SQLite
   * connection of this process to the file is closed: closing any descriptor of a file drops the
   * process's POSIX locks on it, which SQLite's connections rely on.
   */
  release(): void
}

/** A file this process may not write is only checkpointed, not flushed. */
function openForFlush(path: string): number | null {
  try {
    return openSync(path, 'r+')
  } catch {
    return null
  }
}

export function startCheckpointer(options: {
  path: string
  nativeBinding?: string
  intervalMs?: number
}): Checkpointer {
  // Opened here, on the main thread, so that its owner closes it after the connections.
  // Writable: Windows flushes a file only through a handle that may write it.
  const fileFd = openForFlush(options.path)
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path: options.path,
      nativeBinding: options.nativeBinding ?? null,
      driver: createRequire(__filename).resolve('better-sqlite3'),
      intervalMs: options.intervalMs ?? 50,
      fileFd,
    },
  })
  worker.unref()
  // A checkpointer that cannot run only means the main connection checkpoints as before.
  worker.on('error', (error) => console.error('[db] background checkpoints stopped:', error.message))
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  let stopping: Promise<void> | null = null
  let released = false
  return {
    stop: () => {
      // Held by the event loop again until it has closed its connection, so a process that is
      // shutting down waits for it instead of ending with the stop still pending.
      worker.ref()
      stopping ??= (worker.postMessage('stop'), exited)
      return stopping
    },
    release: () => {
      if (released) return
      released = true
      if (fileFd !== null) closeSync(fileFd)
    },
  }
}
