import { createWriteStream } from 'node:fs'
import { performance } from 'node:perf_hooks'
import type {
  ColumnMappingInput,
  DuplicateChoice,
  EarlierImport,
  FixedValuesInput,
  ImportDuplicate,
  ImportIssue,
  ImportOptions,
  ImportPreview,
  ImportResult,
  ImportValidation,
} from '../../../shared/api/imports'
import type { FileDelivery } from '../../../shared/api/exports'
import { AppError, notFound } from '../../../shared/api/errors'
import { type ImportCategoryRow, ImportsRepository } from '../../db/repositories/imports'
import { classifyLeadType } from '../../engine/classify'
import { describeDuplicate } from '../../engine/duplicates'
import { joinValues } from '../../engine/validate'
import type { AuditLog } from '../audit-log'
import type { Actor, Deps } from '../deps'
import type { FileOutbox } from '../exports/outbox'
import { csvLine } from '../exports/csv'
import { ImportDuplicates, type RowDuplicate } from './duplicates'
import { autoMatch } from './match'
import {
  checkFixed,
  checkMapping,
  fieldLabel,
  issuesOf,
  type Mapping,
  requireMapped,
  resultOf,
  rowValues,
  storedValues,
} from './mapping'
import { fileLooksBinary, notText, readCsvFile } from './parse'
import { type Upload, Uploads } from './uploads'
import { duplicateCheck, fieldValidator, type ValidateFields, type Validated } from './validator'
import { type CommitResult, type ImportRow, ImportWriter } from './writer'

const PREVIEW_ROWS = 5
const LISTED_ISSUES = 500
/** Rows validated between yields to the event loop, and rows sent to the writer at once. */
const SLICE = 200
const SLICE_MS = 8
/** Fewer rows than this never end a slice: each slice pays for one duplicate probe per key. */
const MIN_SLICE = 50
const SEND = 2_000
const HOUR = 3_600_000

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** The field named on an issue about a whole row the CSV reader could not read safely. */
const WHOLE_ROW = 'Row'
const NO_DATA_ROWS = 'The file has a header row and no data rows'

/** What the scan found for one row. */
type RowVerdict =
  | { kind: 'broken'; reason: string }
  | { kind: 'invalid'; fields: Record<string, string> }
  | {
      kind: 'valid'
      result: Extract<Validated, { ok: true }>
      /** Contact and details together, as conditions and duplicate rules read them. */
      values: Record<string, unknown>
      duplicate: RowDuplicate | null
    }

interface Job {
  id: string | null
  abort: AbortController
  writer: ImportWriter | null
  userId: number
}

export class ImportsService {
  readonly repo: ImportsRepository
  readonly uploads = new Uploads()
  private readonly jobs = new Map<string, Job>()
  /** Imports by upload: the same upload started again gets the first start's outcome, not a second batch. */
  private readonly starts = new Map<string, Promise<ImportResult>>()

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    private readonly outbox: FileOutbox,
    /** The whole services object, read lazily: the distribution service may be built after this one. */
    private readonly services: () => object,
  ) {
    this.repo = new ImportsRepository()
  }

  async options(): Promise<ImportOptions> {
    const { db } = this.deps
    return {
      customers: await this.repo.customers(db),
      categories: (await this.repo.categories(db)).map((c) => ({
        id: c.id,
        name: c.name,
        fields: c.fields.map(({ key, label, type, required, deliverable, standard }) => ({
          key,
          label,
          type,
          required,
          deliverable,
          standard,
        })),
      })),
    }
  }

  upload(actor: Actor, input: { uploadId?: string | undefined; fileName: string; chunk: string; done: boolean }) {
    // Temporary files follow the wall clock, not the workspace clock.
    if (!input.uploadId) this.uploads.sweep(Date.now())
    const upload = this.uploads.append(actor.id, input)
    // A spreadsheet or an image is refused as soon as it has arrived, not previewed as garbage.
    if (upload.done && fileLooksBinary(upload.path)) {
      this.uploads.discard(actor.id, upload.id)
      throw notText()
    }
    return { uploadId: upload.id, bytes: upload.bytes, done: upload.done }
  }

  discard(actor: Actor, uploadId: string): { discarded: boolean } {
    this.starts.delete(uploadId)
    return { discarded: this.uploads.discard(actor.id, uploadId) }
  }

  async preview(
    actor: Actor,
    input: { uploadId: string; categoryId: number; mapping?: ColumnMappingInput | undefined; fixed: FixedValuesInput },
  ): Promise<ImportPreview> {
    const upload = this.uploads.complete(actor.id, input.uploadId)
    const category = await this.category(input.categoryId)
    const validate = await fieldValidator(this.services(), category)
    const cells: { row: number; cells: string[]; broken?: string }[] = []
    const info = await readCsvFile(upload.path, {
      onRow: (c, row) => {
        cells.push({ row, cells: c })
        return cells.length < PREVIEW_ROWS
      },
      onBroken: (row, reason) => {
        if (cells.length < PREVIEW_ROWS) cells.push({ row, cells: [], broken: reason })
      },
    })
    const autoMapping = autoMatch(info.headers, category.fields)
    const mapping = input.mapping ? checkMapping(category, info.headers.length, input.mapping) : autoMapping
    checkFixed(category, input.fixed)
    const warnings = [...info.warnings]
    if (info.rows === 0) warnings.push(NO_DATA_ROWS)
    return {
      fileName: upload.fileName,
      encoding: info.encoding + (info.bom ? ' (BOM)' : ''),
      delimiter: info.delimiter,
      headers: info.headers,
      fields: (await this.options()).categories.find((c) => c.id === category.id)?.fields ?? [],
      autoMapping,
      mapping,
      rows: cells.map(({ row, cells: c, broken }) => {
        if (broken) return { row, values: {}, issues: [{ row, field: WHOLE_ROW, reason: broken }] }
        const result = validate(category.id, rowValues(c, { mapping, fixed: input.fixed }))
        return result.ok
          ? { row, values: storedValues(category, result), issues: [] }
          : { row, values: {}, issues: issuesOf(row, category, result.fields) }
      }),
      warnings,
      earlier: await this.earlier(upload),
    }
  }

  /**
   * Checks every row: lists the problems, writes the rejected rows (with reasons) to a file, and
   * finds the duplicates the category's rule would catch.
   */
  async validate(
    actor: Actor,
    input: Mapping & { uploadId: string; categoryId: number; jobId?: string | undefined },
  ): Promise<ImportValidation> {
    const upload = this.uploads.complete(actor.id, input.uploadId)
    const category = await this.category(input.categoryId)
    const job = this.startJob(input.jobId, actor)
    try {
      const rejectedPath = this.outbox.tempPath('.rejected.csv')
      const out = createWriteStream(rejectedPath, { encoding: 'utf8' })
      const issues: ImportIssue[] = []
      const listed: ImportDuplicate[] = []
      let invalid = 0
      let duplicates = 0
      let headersWritten = false
      const scan = await this.scan(upload, category, input, job, {
        label: 'Checking rows',
        onHeaders: (headers) => {
          out.write(csvLine(['Row', 'Problems', ...headers]))
          headersWritten = true
        },
        onRow: (row, cells, verdict) => {
          if (verdict.kind === 'valid') {
            const dup = verdict.duplicate
            if (!dup) return
            duplicates += 1
            if (listed.length < LISTED_ISSUES)
              listed.push({ row, field: fieldLabel(category, dup.key), value: dup.value, of: dup.of })
            return
          }
          invalid += 1
          const found =
            verdict.kind === 'broken'
              ? [{ row, field: WHOLE_ROW, reason: verdict.reason }]
              : issuesOf(row, category, verdict.fields)
          for (const issue of found) if (issues.length < LISTED_ISSUES) issues.push(issue)
          out.write(csvLine([row, found.map((i) => `${i.field}: ${i.reason}`).join('; '), ...cells]))
        },
      })
      if (!headersWritten) out.write(csvLine(['Row', 'Problems']))
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      )
      if (upload.rejectedPath) this.outbox.discard(upload.rejectedPath)
      upload.rejectedPath = rejectedPath
      if (scan.rows === 0) throw new AppError('VALIDATION', NO_DATA_ROWS, { file: 'no data rows' })
      return {
        total: scan.rows,
        valid: scan.rows - invalid,
        invalid,
        issues,
        truncated: issues.length < invalid || issues.length === LISTED_ISSUES,
        warnings: scan.warnings,
        duplicates: { count: duplicates, listed, keys: scan.duplicateKeys, days: scan.duplicateDays },
        earlier: await this.earlier(upload),
      }
    } finally {
      this.endJob(input.jobId)
    }
  }

  async saveRejected(actor: Actor, uploadId: string): Promise<FileDelivery> {
    const upload = this.uploads.complete(actor.id, uploadId)
    if (!upload.rejectedPath)
      throw new AppError('INVALID_STATE', 'Check the rows first; then the rejected rows can be saved')
    return this.outbox.deliver(upload.rejectedPath, `${upload.fileName.replace(/\.csv$/i, '')}-rejected.csv`)
  }

  /**
   * Stores every valid row as a lead, each opening a reverse auction for the customer, in chunks
   * of one transaction each (see ImportWriter). Keyed by the upload: started again (a double click,
   * a retried request, a second window) it answers with the first start's batch instead of writing
   * another.
   */
  start(
    actor: Actor,
    input: Mapping & {
      uploadId: string
      categoryId: number
      customerId: number
      auctionHours: number
      duplicates: DuplicateChoice
      confirmReimport: boolean
      jobId: string
    },
  ): Promise<ImportResult> {
    const upload = this.uploads.complete(actor.id, input.uploadId)
    const running = this.starts.get(upload.id)
    if (running) return running
    // Registered before the first await, so a second start of this upload waits for this one.
    const started = (async () => {
      const stored = await this.repo.batchOfUpload(this.deps.db, upload.id)
      if (stored) return resultOf(stored, null)
      return this.run(actor, upload, input)
    })().then(
      (result) => {
        // A cancelled import that wrote nothing: the upload may be started again.
        if (result.cancelled && result.batchId === null) this.starts.delete(upload.id)
        return result
      },
      (error: unknown) => {
        this.starts.delete(upload.id)
        throw error
      },
    )
    this.starts.set(upload.id, started)
    return started
  }

  private async run(
    actor: Actor,
    upload: Upload,
    input: Parameters<ImportsService['start']>[1],
  ): Promise<ImportResult> {
    const { db } = this.deps
    const category = await this.category(input.categoryId)
    const customer = await this.repo.customer(db, input.customerId)
    if (!customer) throw notFound('Customer')
    if (!customer.active) throw new AppError('INVALID_STATE', `${customer.name} is not active`)
    const earlier = await this.earlier(upload)
    if (earlier && !input.confirmReimport) {
      throw new AppError(
        'CONFLICT',
        `This file was imported on ${new Date(earlier.createdAt).toISOString().slice(0, 10)} as batch ${earlier.batchId} (${earlier.imported} lead${earlier.imported === 1 ? '' : 's'}); confirm to import it again`,
        { file: 'imported before' },
      )
    }
    // Imported leads get their lead type as API leads do; the reverse auction is their placement.
    const types = await this.repo.leadTypes(db, category.id)
    const leadType = (values: Record<string, unknown>): number | null =>
      types.length === 0 ? null : classifyLeadType(types, values).leadTypeId
    const days = (await duplicateCheck(this.services(), category.id))?.rule.days ?? 0
    const job = this.startJob(input.jobId, actor)
    const writer = new ImportWriter(db, this.deps.dialect, this.repo)
    job.writer = writer
    const cancelled: ImportResult = {
      batchId: null,
      imported: 0,
      rejected: 0,
      duplicates: 0,
      cancelled: true,
      closesAt: null,
    }
    try {
      let pending: ImportRow[] = []
      let valid = 0
      let duplicates = 0
      let scan: { rows: number }
      try {
        scan = await this.scan(upload, category, input, job, {
          label: 'Reading rows',
          onRow: (_row, _cells, verdict) => {
            if (verdict.kind !== 'valid') return
            valid += 1
            const dup = verdict.duplicate
            if (dup) {
              duplicates += 1
              if (input.duplicates === 'skip') return
            }
            const c = verdict.result.contact
            const details = verdict.result.details
            const of = dup ? (dup.of.kind === 'lead' ? dup.of.uuid : `row ${dup.of.row} of this file`) : null
            pending.push({
              uuid: this.deps.ids.uuid(),
              first_name: c.first_name,
              last_name: c.last_name,
              email: c.email,
              phone: c.phone,
              address: c.address,
              city: c.city,
              county: c.county,
              state: c.state,
              zip: c.zip,
              details: JSON.stringify(details),
              lead_type_id: leadType(verdict.values),
              status: dup ? 'Duplicate' : 'Marketplace',
              duplicateMessage: dup && of ? describeDuplicate(of, dup.key, days) : null,
              duplicateData: dup ? JSON.stringify({ key: dup.key, value: dup.value, of: dup.of }) : null,
            })
            if (pending.length >= SEND) {
              writer.send(pending)
              pending = []
            }
          },
        })
      } catch (error) {
        if (job.abort.signal.aborted) {
          await writer.discard()
          return cancelled
        }
        throw error
      }
      writer.send(pending)
      if (scan.rows === 0) throw new AppError('VALIDATION', NO_DATA_ROWS, { file: 'no data rows' })
      if (valid === 0) {
        throw new AppError('VALIDATION', 'None of the rows is valid, so nothing was imported', {
          file: 'no valid rows',
        })
      }
      // Cancelled between the last row read and the first chunk: nothing is written.
      if (job.abort.signal.aborted) return cancelled
      const now = this.deps.clock.now()
      const closesAt = now + input.auctionHours * HOUR
      const rejected = scan.rows - valid
      const toStore = valid - (input.duplicates === 'skip' ? duplicates : 0)
      const summary = (imported: number, stopped: string | null) => {
        const counted =
          stopped === null
            ? `${imported} lead${imported === 1 ? '' : 's'}`
            : `${imported} of ${toStore} lead${toStore === 1 ? '' : 's'}`
        const dups = `${duplicates} duplicate${duplicates === 1 ? '' : 's'} ${input.duplicates === 'skip' ? 'skipped' : 'imported as Duplicate'}`
        return `Imported ${counted} from ${upload.fileName} for ${customer.name} (${rejected} rejected, ${dups})${stopped === null ? '' : `; stopped: ${stopped}`}`
      }
      const change = (batchId: number, imported: number, stopped: string | null) => ({
        after: {
          batchId,
          categoryId: category.id,
          customerId: customer.id,
          imported,
          rejected,
          duplicates,
          duplicateChoice: input.duplicates,
          closesAt,
          ...(stopped === null ? {} : { expected: toStore, stopped }),
        },
      })
      this.progress(input.jobId, 'Saving leads', 0, valid)
      let result: CommitResult
      try {
        result = await writer.commit(
          {
            customerId: customer.id,
            categoryId: category.id,
            fileName: upload.fileName,
            uploadId: upload.id,
            fileHash: upload.hash,
            rowsTotal: scan.rows,
            rowsRejected: rejected,
            rowsDuplicate: duplicates,
            userId: actor.id,
            now,
            closesAt,
            eventMessage: `Imported from ${upload.fileName} for ${customer.name}; reverse auction open until ${new Date(closesAt).toISOString()}`,
          },
          {
            onProgress: (done) => this.progress(input.jobId, 'Saving leads', done, valid),
            // The audit line commits with the batch's last chunk.
            finish: (trx, batchId, imported) =>
              this.auditLog.write(
                trx,
                actor,
                'imports.start',
                { type: 'import_batch', id: batchId },
                summary(imported, null),
                change(batchId, imported, null),
              ),
          },
        )
      } catch (error) {
        // Another process wrote this upload's batch first: that batch is the answer.
        const first = await this.repo.batchOfUpload(db, upload.id)
        if (first) return resultOf(first, null)
        throw error
      }
      if (result.kind === 'cancelled') return cancelled
      if (result.kind === 'stopped') {
        // Part of the batch is stored: it stays (its leads are live in the marketplace), and says so.
        const reason = result.error === null ? 'cancelled' : `failed (${errorMessage(result.error)})`
        await this.auditLog.write(
          db,
          actor,
          'imports.start',
          { type: 'import_batch', id: result.batchId },
          summary(result.imported, reason),
          change(result.batchId, result.imported, reason),
        )
        this.progress(input.jobId, 'Saving leads', result.imported, valid, true)
        this.deps.events.emit('changed', { areas: ['leads', 'marketplace', 'imports'] })
        if (result.error === null) {
          return { batchId: result.batchId, imported: result.imported, rejected, duplicates, cancelled: true, closesAt }
        }
        throw Object.assign(
          new AppError(
            'INTERNAL',
            `Saving the leads failed after ${result.imported} of ${toStore}: batch ${result.batchId} keeps those ${result.imported}; the other rows were not imported`,
          ),
          { cause: result.error },
        )
      }
      this.progress(input.jobId, 'Saving leads', valid, valid, true)
      this.deps.events.emit('changed', { areas: ['leads', 'marketplace', 'imports'] })
      return { batchId: result.batchId, imported: result.imported, rejected, duplicates, cancelled: false, closesAt }
    } finally {
      this.endJob(input.jobId)
      // Any way out leaves no rows waiting in memory.
      await writer.discard()
    }
  }

  cancel(actor: Actor, jobId: string): { cancelled: boolean } {
    const job = this.jobs.get(jobId)
    if (!job || job.userId !== actor.id) return { cancelled: false }
    job.abort.abort()
    job.writer?.cancel()
    return { cancelled: true }
  }

  close(): void {
    for (const job of this.jobs.values()) {
      job.abort.abort()
      void job.writer?.discard()
    }
    this.uploads.close()
  }

  // ---------------------------------------------------------------------------------------------

  private async category(id: number): Promise<ImportCategoryRow> {
    const category = await this.repo.category(this.deps.db, id)
    if (!category) throw notFound('Category')
    return category
  }

  /**
   * Reads the whole file once, validating each row and checking valid ones for duplicates;
   * yields to the event loop every few hundred rows.
   */
  private async scan(
    upload: Upload,
    category: ImportCategoryRow,
    mapping: Mapping,
    job: Job,
    handlers: {
      label: string
      onHeaders?: (headers: string[]) => void
      onRow: (row: number, cells: string[], verdict: RowVerdict) => void
    },
  ): Promise<{ rows: number; warnings: string[]; duplicateKeys: string[]; duplicateDays: number }> {
    const validate: ValidateFields = await fieldValidator(this.services(), category)
    const duplicates = new ImportDuplicates(await duplicateCheck(this.services(), category.id))
    let count = 0
    const jobId = job.id
    // Known once the file was read before (the check before an import), so the bar can fill.
    const total = upload.rows ?? 0
    /**
     * Rows of the current slice, in file order, waiting for the slice's duplicate probe. A slice
     * ends after SLICE rows or SLICE_MS (once it has MIN_SLICE rows), then yields to the event loop.
     */
    type Pending =
      | { row: number; cells: string[]; verdict: Exclude<RowVerdict, { kind: 'valid' }> }
      | {
          row: number
          cells: string[]
          valid: Omit<Extract<RowVerdict, { kind: 'valid' }>, 'duplicate'>
          keys: { key: string; value: string }[]
        }
    let slice: Pending[] = []
    let sliceStart = performance.now()
    const flush = async () => {
      await duplicates.prepare(slice.flatMap((p) => ('keys' in p ? [p.keys] : [])))
      for (const p of slice) {
        const verdict: RowVerdict =
          'valid' in p ? { ...p.valid, duplicate: await duplicates.of(p.row, p.keys) } : p.verdict
        handlers.onRow(p.row, p.cells, verdict)
      }
      count += slice.length
      slice = []
    }
    const added = async (p: Pending) => {
      slice.push(p)
      if (slice.length < SLICE && (slice.length < MIN_SLICE || performance.now() - sliceStart < SLICE_MS)) return
      const before = count
      await flush()
      if (jobId && Math.floor(count / 5_000) > Math.floor(before / 5_000))
        this.progress(jobId, handlers.label, count, total)
      await yieldToLoop()
      sliceStart = performance.now()
    }
    const info = await readCsvFile(upload.path, {
      signal: job.abort.signal,
      onHeaders: (headers) => {
        checkMapping(category, headers.length, mapping.mapping)
        checkFixed(category, mapping.fixed)
        requireMapped(category, mapping)
        handlers.onHeaders?.(headers)
      },
      onRow: async (cells, row) => {
        const result = validate(category.id, rowValues(cells, mapping))
        if (result.ok) {
          const values = joinValues(result.contact, result.details)
          await added({ row, cells, valid: { kind: 'valid', result, values }, keys: duplicates.keysOf(values) })
        } else await added({ row, cells, verdict: { kind: 'invalid', fields: result.fields } })
      },
      onBroken: (row, reason, cells) => added({ row, cells, verdict: { kind: 'broken', reason } }),
    })
    await flush()
    upload.rows = info.rows
    if (jobId) this.progress(jobId, handlers.label, info.rows, info.rows)
    return { rows: info.rows, warnings: info.warnings, duplicateKeys: duplicates.keys, duplicateDays: duplicates.days }
  }

  /** The latest earlier import of this file's content, other than this upload's own. */
  private async earlier(upload: Upload): Promise<EarlierImport | null> {
    if (!upload.hash) return null
    const batch = await this.repo.latestOfFile(this.deps.db, upload.hash, upload.id)
    if (!batch) return null
    return { batchId: batch.id, fileName: batch.file_name, imported: batch.rows_imported, createdAt: batch.created_at }
  }

  private startJob(jobId: string | undefined, actor: Actor): Job {
    const job: Job = { id: jobId ?? null, abort: new AbortController(), writer: null, userId: actor.id }
    if (jobId) {
      if (this.jobs.has(jobId)) throw new AppError('CONFLICT', 'This import is already running')
      this.jobs.set(jobId, job)
    }
    return job
  }

  private endJob(jobId: string | undefined): void {
    if (jobId) this.jobs.delete(jobId)
  }

  private progress(job: string, label: string, done: number, total: number, finished = false): void {
    this.deps.events.emit('progress', { job, label, done, total, ...(finished ? { finished } : {}) })
  }
}
