import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { IMPORT_WRITE_SQL } from '../../db/repositories/imports'

/**
 * Writes one import batch in ONE transaction on a second connection inside a worker thread, so a
 * 100,000-row insert never stalls the main event loop. Rows are streamed to the worker while the
 * file is validated and kept there; the transaction opens only at commit, so the workspace is
 * locked for writing just while the rows go in. Cancel (or a crash) before COMMIT leaves nothing.
 */

/** uuid, first_name, last_name, email, phone, address, city, county, state, zip, details JSON, lead type. */
export type ImportRow = [
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
  number | null,
]

export interface CommitRequest {
  customerId: number
  categoryId: number
  fileName: string
  rowsTotal: number
  rowsRejected: number
  userId: number | null
  now: number
  closesAt: number
  eventMessage: string
}

export type CommitResult =
  { kind: 'done'; batchId: number; firstLeadId: number | null; imported: number } | { kind: 'cancelled' }

// Plain CommonJS run by the worker; it binds values to the statements it is given and nothing else.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {})
db.pragma('busy_timeout = 10000')
db.pragma('foreign_keys = ON')
const cancelled = new Int32Array(workerData.flag)
const rows = []
parentPort.on('message', (msg) => {
  if (msg.type === 'rows') { for (const r of msg.rows) rows.push(r); return }
  if (msg.type !== 'commit') return
  const c = msg.request
  const sql = workerData.sql
  try {
    if (Atomics.load(cancelled, 0)) { parentPort.postMessage({ kind: 'cancelled' }); return }
    db.exec('BEGIN IMMEDIATE')
    const batch = db.prepare(sql.batch).run(c.customerId, c.categoryId, c.fileName, c.rowsTotal, rows.length, c.rowsRejected, c.userId, c.now)
    const batchId = Number(batch.lastInsertRowid)
    const lead = db.prepare(sql.lead)
    const listing = db.prepare(sql.listing)
    const event = db.prepare(sql.event)
    const data = JSON.stringify({ importBatchId: batchId })
    let firstLeadId = null
    for (let i = 0; i < rows.length; i++) {
      if ((i & 1023) === 0 && Atomics.load(cancelled, 0)) {
        db.exec('ROLLBACK')
        parentPort.postMessage({ kind: 'cancelled' })
        return
      }
      const r = rows[i]
      const id = Number(lead.run(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], c.categoryId, batchId, c.now, c.now).lastInsertRowid)
      if (firstLeadId === null) firstLeadId = id
      listing.run(id, c.customerId, c.now, c.closesAt)
      event.run(id, c.now, c.eventMessage, data)
      if ((i & 8191) === 8191) parentPort.postMessage({ kind: 'progress', done: i + 1 })
    }
    db.exec('COMMIT')
    parentPort.postMessage({ kind: 'done', batchId, firstLeadId, imported: rows.length })
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK')
    parentPort.postMessage({ kind: 'error', message: String(error && error.message || error) })
  } finally {
    db.close()
  }
})
`

function driverPath(): string {
  // Resolved here, where module resolution knows the app's node_modules, and handed to the worker.
  return createRequire(__filename).resolve('better-sqlite3')
}

export class ImportWriter {
  private readonly worker: Worker
  private readonly flag = new SharedArrayBuffer(4)
  private finished = false
  private failure: Error | null = null

  constructor(options: { path: string; nativeBinding?: string | undefined }) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        path: options.path,
        nativeBinding: options.nativeBinding ?? null,
        driver: driverPath(),
        sql: IMPORT_WRITE_SQL,
        flag: this.flag,
      },
    })
    this.worker.unref()
    // A worker that fails to start (e.g. the file went away) reports it at commit, never as a crash.
    this.worker.on('error', (error) => {
      this.failure = error
    })
  }

  send(rows: ImportRow[]): void {
    if (rows.length > 0) this.worker.postMessage({ type: 'rows', rows })
  }

  /** Asks the worker to stop; a commit in progress rolls back at its next check. */
  cancel(): void {
    Atomics.store(new Int32Array(this.flag), 0, 1)
  }

  commit(request: CommitRequest, onProgress?: (done: number) => void): Promise<CommitResult> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise<CommitResult>((resolve, reject) => {
      const onMessage = (
        msg: CommitResult | { kind: 'progress'; done: number } | { kind: 'error'; message: string },
      ) => {
        if (msg.kind === 'progress') {
          onProgress?.(msg.done)
          return
        }
        this.worker.off('message', onMessage)
        this.worker.off('error', onError)
        this.finished = true
        void this.worker.terminate()
        if (msg.kind === 'error') reject(new Error(msg.message))
        else resolve(msg)
      }
      const onError = (error: Error) => {
        this.worker.off('message', onMessage)
        this.finished = true
        reject(error)
      }
      this.worker.on('message', onMessage)
      this.worker.on('error', onError)
      this.worker.postMessage({ type: 'commit', request })
    })
  }

  /** Drops everything without writing. */
  async discard(): Promise<void> {
    this.cancel()
    this.finished = true
    await this.worker.terminate()
  }
}
