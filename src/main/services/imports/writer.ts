import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { IMPORT_WRITE_SQL } from '../../db/repositories/imports'

/**
 * Writes one import batch in ONE transaction on a second connection inside a worker thread, so a
 * 100,000-row insert never stalls the main event loop. Rows are streamed to the worker while the
 * file is validated and staged there in memory; the transaction opens only at commit, so the
 * workspace is locked for writing just while the rows are copied in. Cancel (or a crash) before
 * COMMIT leaves nothing.
 */

/**
 * uuid, first_name, last_name, email, phone, address, city, county, state, zip, details JSON, lead
 * type, status (Marketplace, or Duplicate when imported as one) and the duplicate event's message and data.
 */
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
  'Marketplace' | 'Duplicate',
  string | null,
  string | null,
]

export interface CommitRequest {
  customerId: number
  categoryId: number
  fileName: string
  uploadId: string
  fileHash: string | null
  rowsTotal: number
  rowsRejected: number
  /** Rows the duplicate rule matched, stored as Duplicate or skipped. */
  rowsDuplicate: number
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
const sql = workerData.sql
const db = new Database(workerData.path, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {})
db.pragma('busy_timeout = 10000')
db.pragma('foreign_keys = ON')
db.exec(sql.attach)
db.exec(sql.stagingTable)
const stage = db.prepare(sql.stage)
// Staging touches only the in-memory database: the workspace is not locked while rows arrive.
const stageAll = db.transaction((rows) => { for (const r of rows) stage.run(r) })
const cancelled = new Int32Array(workerData.flag)
parentPort.on('message', (msg) => {
  if (msg.type === 'rows') { stageAll(msg.rows); return }
  if (msg.type !== 'commit') return
  const c = msg.request
  const stop = () => Atomics.load(cancelled, 0) === 1
  try {
    if (stop()) { parentPort.postMessage({ kind: 'cancelled' }); return }
    const { n: total, duplicates } = db.prepare(sql.staged).get()
    db.exec('BEGIN IMMEDIATE')
    const batchId = Number(db.prepare(sql.batch).run(c.customerId, c.categoryId, c.fileName, c.rowsTotal, total, c.rowsRejected, c.rowsDuplicate, c.uploadId, c.fileHash, c.userId, c.now).lastInsertRowid)
    const before = db.prepare(sql.maxLeadId).get().id
    db.prepare(sql.leads).run(c.categoryId, c.customerId, batchId, c.now, c.now)
    parentPort.postMessage({ kind: 'progress', done: Math.round(total * 0.7) })
    if (stop()) { db.exec('ROLLBACK'); parentPort.postMessage({ kind: 'cancelled' }); return }
    db.prepare(sql.listings).run(c.customerId, c.now, c.closesAt, before, batchId)
    db.prepare(sql.events).run(c.now, c.eventMessage, JSON.stringify({ importBatchId: batchId }), before, batchId)
    if (duplicates > 0) db.prepare(sql.duplicateEvents).run(c.now)
    if (stop()) { db.exec('ROLLBACK'); parentPort.postMessage({ kind: 'cancelled' }); return }
    db.exec('COMMIT')
    // Copy the batch into the database file here, so the next write on the main connection does
    // not meet a WAL of 100,000 leads and checkpoint it on the main thread.
    db.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({ kind: 'done', batchId, firstLeadId: total > 0 ? before + 1 : null, imported: total })
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK')
    parentPort.postMessage({ kind: 'error', message: String(error && error.message || error), code: error && error.code || null })
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
        msg:
          CommitResult | { kind: 'progress'; done: number } | { kind: 'error'; message: string; code: string | null },
      ) => {
        if (msg.kind === 'progress') {
          onProgress?.(msg.done)
          return
        }
        this.worker.off('message', onMessage)
        this.worker.off('error', onError)
        this.finished = true
        void this.worker.terminate()
        if (msg.kind === 'error') reject(Object.assign(new Error(msg.message), { code: msg.code }))
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
