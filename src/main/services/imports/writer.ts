import { performance } from 'node:perf_hooks'
import type { Kysely, Transaction } from 'kysely'
import type { Dialect } from '../../db/dialect'
import { insertRows, rowsPerInsert } from '../../db/dialect/bulk'
import {
  IMPORT_EVENT_COLUMNS,
  IMPORT_LEAD_COLUMNS,
  type ImportEvent,
  type ImportLead,
  type ImportsRepository,
} from '../../db/repositories/imports'
import type { DB } from '../../db/schema'
import { inTransaction } from '../../db/transaction'

/**
 * Writes one import batch on the workspace's own connection, in chunks: each chunk is one short
 * transaction (its leads as one multi-row insert, their reverse auctions, their trace and the
 * batch's count), and the event loop gets a turn between chunks, so a 100,000-row import never
 * stalls the app. Rows are collected while the file is validated; nothing is written before
 * `commit`. The first chunk also writes the batch row, whose unique upload key makes the import
 * idempotent: a failure or a cancel before the first chunk commits leaves nothing, and one after it
 * leaves a batch that counts exactly the leads it holds, reported as `stopped`.
 */

/** A validated row: the lead to store and, for a row imported as Duplicate, its duplicate event. */
export interface ImportRow extends ImportLead {
  duplicateMessage: string | null
  duplicateData: string | null
}

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
  | { kind: 'done'; batchId: number; imported: number }
  /** Nothing was written. */
  | { kind: 'cancelled' }
  /** Stopped after some chunks committed (cancelled when `error` is null): the batch holds `imported` leads. */
  | { kind: 'stopped'; batchId: number; imported: number; error: unknown }

/**
 * Rows per chunk: powers of two, so that every multi-row insert is one of a few statement texts.
 * Larger chunks write each index page fewer times (most of a small chunk's cost is its commit);
 * smaller ones give the event loop a turn sooner. The size follows the measured cost per row.
 */
const FIRST_CHUNK = 256
const MIN_CHUNK = 64
const MAX_CHUNK = 1024
/** A chunk should hold the connection (and, on SQLite, the event loop) about this long. */
const CHUNK_MS = 20
const PROGRESS_EVERY = 5_000

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export class ImportWriter {
  private rows: ImportRow[] = []
  private stop = false

  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
    private readonly repo: ImportsRepository,
  ) {}

  send(rows: readonly ImportRow[]): void {
    for (const row of rows) this.rows.push(row)
  }

  /** Stops at the next chunk: chunks already committed stay, and `commit` says how many. */
  cancel(): void {
    this.stop = true
  }

  /**
   * Writes the rows sent. `finish` runs in the last chunk's transaction (the batch's own last
   * line, such as its audit line); `onProgress` every few thousand rows.
   */
  async commit(
    request: CommitRequest,
    hooks: {
      onProgress?: (done: number) => void
      finish?: (trx: Transaction<DB>, batchId: number, imported: number) => Promise<void>
    } = {},
  ): Promise<CommitResult> {
    const rows = this.rows
    this.rows = []
    const most = insertRows(rowsPerInsert(this.dialect, Math.max(IMPORT_LEAD_COLUMNS, IMPORT_EVENT_COLUMNS), MAX_CHUNK))
    let size = Math.min(FIRST_CHUNK, most)
    /**
     * Milliseconds per row of the last few chunks. Their least is the estimate: a chunk is only
     * ever slowed by something else (another process, a collection), so the least is the closest
     * to what the rows themselves cost.
     */
    const costs: number[] = []
    let batchId: number | null = null
    let done = 0
    try {
      while (done < rows.length || batchId === null) {
        if (this.stop) break
        const n = Math.min(size, insertRows(rows.length - done))
        const chunk = rows.slice(done, done + n)
        const started = performance.now()
        const last = done + chunk.length >= rows.length
        batchId = await inTransaction(this.db, async (trx) => {
          const id = batchId ?? (await this.repo.insertBatch(trx, { ...request }))
          await this.writeChunk(trx, id, chunk, request)
          if (last) await hooks.finish?.(trx, id, rows.length)
          return id
        })
        done += chunk.length
        const took = performance.now() - started
        if (chunk.length >= MIN_CHUNK) {
          costs.push(took / chunk.length)
          if (costs.length > 8) costs.shift()
          size = Math.min(most, Math.max(MIN_CHUNK, insertRows(CHUNK_MS / Math.min(...costs))))
        }
        if (Math.floor(done / PROGRESS_EVERY) > Math.floor((done - chunk.length) / PROGRESS_EVERY))
          hooks.onProgress?.(done)
        await yieldToLoop()
      }
    } catch (error) {
      if (batchId === null) throw error
      return { kind: 'stopped', batchId, imported: done, error }
    }
    if (batchId === null) return { kind: 'cancelled' }
    if (done < rows.length) return { kind: 'stopped', batchId, imported: done, error: null }
    return { kind: 'done', batchId, imported: done }
  }

  /** Drops the rows not written yet; nothing more is written. */
  discard(): Promise<void> {
    this.stop = true
    this.rows = []
    return Promise.resolve()
  }

  private async writeChunk(
    trx: Transaction<DB>,
    batchId: number,
    chunk: readonly ImportRow[],
    r: CommitRequest,
  ): Promise<void> {
    if (chunk.length === 0) return
    const ids = await this.repo.insertLeads(trx, chunk, {
      categoryId: r.categoryId,
      customerId: r.customerId,
      batchId,
      now: r.now,
    })
    const range = { batchId, fromId: Math.min(...ids), toId: Math.max(...ids) }
    await this.repo.openReverseAuctions(trx, range, { customerId: r.customerId, now: r.now, closesAt: r.closesAt })
    await this.repo.importedEvents(trx, range, {
      now: r.now,
      message: r.eventMessage,
      data: JSON.stringify({ importBatchId: batchId }),
    })
    const duplicates: ImportEvent[] = []
    chunk.forEach((row, i) => {
      if (row.status !== 'Duplicate' || row.duplicateMessage === null) return
      duplicates.push({
        lead_id: ids[i] ?? 0,
        at: r.now,
        stage: 'duplicate',
        kind: 'duplicate',
        message: row.duplicateMessage,
        data: row.duplicateData,
      })
    })
    // Powers of two again: a chunk's duplicates are any number.
    for (let at = 0; at < duplicates.length;) {
      const n = insertRows(duplicates.length - at)
      await this.repo.insertEvents(trx, duplicates.slice(at, at + n))
      at += n
    }
    await this.repo.countImported(trx, batchId, chunk.length)
  }
}
