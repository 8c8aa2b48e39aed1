import { createWriteStream } from 'node:fs'
import type {
  ColumnMappingInput,
  ImportIssue,
  ImportOptions,
  ImportPreview,
  ImportResult,
  ImportValidation,
} from '../../../shared/api/imports'
import type { FileDelivery } from '../../../shared/api/exports'
import { AppError, notFound } from '../../../shared/api/errors'
import { type Contact, isContactField } from '../../../shared/domain/lead'
import { type ImportCategoryRow, ImportsRepository } from '../../db/repositories/imports'
import { classifyLeadType } from '../../engine/classify'
import { joinValues } from '../../engine/validate'
import type { AuditLog } from '../audit-log'
import type { Actor, Deps } from '../deps'
import type { FileOutbox } from '../exports/outbox'
import { csvLine } from '../exports/csv'
import { autoMatch, mapRow } from './match'
import { readCsvFile } from './parse'
import { type Upload, Uploads } from './uploads'
import { fieldValidator, type ValidateFields, type Validated } from './validator'
import { type ImportRow, ImportWriter } from './writer'

const PREVIEW_ROWS = 5
const LISTED_ISSUES = 500
/** Rows validated between yields to the event loop, and rows sent to the writer at once. */
const SLICE = 200
const SEND = 2_000
const HOUR = 3_600_000

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

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
  private nativeBinding: string | undefined

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    private readonly outbox: FileOutbox,
    /** The whole services object, read lazily: the distribution service may be built after this one. */
    private readonly services: () => object,
  ) {
    this.repo = new ImportsRepository(deps.store)
  }

  /** The desktop app loads better-sqlite3 built for Electron; the writer thread must load the same. */
  setNativeBinding(path: string | undefined): void {
    this.nativeBinding = path
  }

  options(): ImportOptions {
    return {
      customers: this.repo.customers(),
      categories: this.repo.categories().map((c) => ({
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
    return { uploadId: upload.id, bytes: upload.bytes, done: upload.done }
  }

  discard(actor: Actor, uploadId: string): { discarded: boolean } {
    return { discarded: this.uploads.discard(actor.id, uploadId) }
  }

  async preview(
    actor: Actor,
    input: { uploadId: string; categoryId: number; mapping?: ColumnMappingInput | undefined },
  ): Promise<ImportPreview> {
    const upload = this.uploads.complete(actor.id, input.uploadId)
    const category = this.category(input.categoryId)
    const validate = fieldValidator(this.services(), category)
    const cells: { row: number; cells: string[] }[] = []
    const info = await readCsvFile(upload.path, {
      onRow: (c, row) => {
        cells.push({ row, cells: c })
        return cells.length < PREVIEW_ROWS
      },
    })
    const autoMapping = autoMatch(info.headers, category.fields)
    const mapping = input.mapping ? this.checkMapping(category, info.headers.length, input.mapping) : autoMapping
    return {
      fileName: upload.fileName,
      encoding: info.encoding + (info.bom ? ' (BOM)' : ''),
      delimiter: info.delimiter,
      headers: info.headers,
      fields: this.options().categories.find((c) => c.id === category.id)?.fields ?? [],
      autoMapping,
      mapping,
      rows: cells.map(({ row, cells: c }) => {
        const result = validate(category.id, mapRow(c, mapping))
        return result.ok
          ? { row, values: storedValues(category, result), issues: [] }
          : { row, values: {}, issues: issuesOf(row, category, result.fields) }
      }),
      warnings: info.warnings,
    }
  }

  /** Checks every row, lists the problems and writes the rejected rows (with reasons) to a file. */
  async validate(
    actor: Actor,
    input: { uploadId: string; categoryId: number; mapping: ColumnMappingInput; jobId?: string | undefined },
  ): Promise<ImportValidation> {
    const upload = this.uploads.complete(actor.id, input.uploadId)
    const category = this.category(input.categoryId)
    const job = this.startJob(input.jobId, actor)
    try {
      const rejectedPath = this.outbox.tempPath('.rejected.csv')
      const out = createWriteStream(rejectedPath, { encoding: 'utf8' })
      const issues: ImportIssue[] = []
      let invalid = 0
      let headersWritten = false
      const scan = await this.scan(upload, category, input.mapping, job, {
        label: 'Checking rows',
        onHeaders: (headers) => {
          out.write(csvLine(['Row', 'Problems', ...headers]))
          headersWritten = true
        },
        onRow: (row, cells, result) => {
          if (result.ok) return
          invalid += 1
          const found = issuesOf(row, category, result.fields)
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
      return {
        total: scan.rows,
        valid: scan.rows - invalid,
        invalid,
        issues,
        truncated: issues.length < invalid || issues.length === LISTED_ISSUES,
        warnings: scan.warnings,
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
   * Stores every valid row as a lead in ONE transaction (all or none), each opening a reverse
   * auction for the customer. Rows are validated here in slices that yield to the event loop; the
   * writer thread holds them until the commit.
   */
  async start(
    actor: Actor,
    input: {
      uploadId: string
      categoryId: number
      customerId: number
      mapping: ColumnMappingInput
      auctionHours: number
      jobId: string
    },
  ): Promise<ImportResult> {
    const upload = this.uploads.complete(actor.id, input.uploadId)
    const category = this.category(input.categoryId)
    const customer = this.repo.customer(input.customerId)
    if (!customer) throw notFound('Customer')
    if (!customer.active) throw new AppError('INVALID_STATE', `${customer.name} is not active`)
    // Imported leads get their lead type as API leads do; the reverse auction is their placement.
    const types = this.repo.leadTypes(category.id)
    const leadType = (contact: Contact, details: Record<string, unknown>): number | null =>
      types.length === 0 ? null : classifyLeadType(types, joinValues(contact, details)).leadTypeId
    const job = this.startJob(input.jobId, actor)
    const writer = new ImportWriter({ path: this.deps.store.sqlite.name, nativeBinding: this.nativeBinding })
    job.writer = writer
    const cancelled: ImportResult = { batchId: null, imported: 0, rejected: 0, cancelled: true, closesAt: null }
    try {
      let pending: ImportRow[] = []
      let valid = 0
      let scan: { rows: number; warnings: string[] }
      try {
        scan = await this.scan(upload, category, input.mapping, job, {
          label: 'Reading rows',
          onRow: (_row, _cells, result) => {
            if (!result.ok) return
            valid += 1
            const c = result.contact
            pending.push([
              this.deps.ids.uuid(),
              c.first_name,
              c.last_name,
              c.email,
              c.phone,
              c.address,
              c.city,
              c.county,
              c.state,
              c.zip,
              JSON.stringify(result.details),
              leadType(c, result.details),
            ])
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
      if (valid === 0) {
        await writer.discard()
        throw new AppError('VALIDATION', 'None of the rows is valid, so nothing was imported', {
          file: 'no valid rows',
        })
      }
      const now = this.deps.clock.now()
      const closesAt = now + input.auctionHours * HOUR
      const rejected = scan.rows - valid
      this.progress(input.jobId, 'Saving leads', 0, valid)
      const result = await writer.commit(
        {
          customerId: customer.id,
          categoryId: category.id,
          fileName: upload.fileName,
          rowsTotal: scan.rows,
          rowsRejected: rejected,
          userId: actor.id,
          now,
          closesAt,
          eventMessage: `Imported from ${upload.fileName} for ${customer.name}; reverse auction open until ${new Date(closesAt).toISOString()}`,
        },
        (done) => this.progress(input.jobId, 'Saving leads', done, valid),
      )
      if (result.kind === 'cancelled') return cancelled
      this.auditLog.record(
        actor,
        'imports.start',
        { type: 'import_batch', id: result.batchId },
        `Imported ${result.imported} lead${result.imported === 1 ? '' : 's'} from ${upload.fileName} for ${customer.name} (${rejected} rejected)`,
        {
          after: {
            batchId: result.batchId,
            categoryId: category.id,
            customerId: customer.id,
            imported: result.imported,
            rejected,
            closesAt,
          },
        },
      )
      this.progress(input.jobId, 'Saving leads', valid, valid, true)
      this.deps.events.emit('changed', { areas: ['leads', 'marketplace', 'imports'] })
      return { batchId: result.batchId, imported: result.imported, rejected, cancelled: false, closesAt }
    } finally {
      this.endJob(input.jobId)
      // Any way out but a commit leaves nothing behind.
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

  private category(id: number): ImportCategoryRow {
    const category = this.repo.category(id)
    if (!category) throw notFound('Category')
    return category
  }

  /** Mapping keys must be the category's fields and point at existing columns. */
  private checkMapping(category: ImportCategoryRow, columns: number, mapping: ColumnMappingInput): ColumnMappingInput {
    const keys = new Set(category.fields.map((f) => f.key))
    const problems: Record<string, string> = {}
    for (const [key, index] of Object.entries(mapping)) {
      if (!keys.has(key)) problems[`mapping.${key}`] = `${category.name} has no field "${key}"`
      else if (index !== null && index >= columns) problems[`mapping.${key}`] = `The file has no column ${index + 1}`
    }
    if (Object.keys(problems).length > 0) throw new AppError('VALIDATION', 'The column mapping does not fit', problems)
    return mapping
  }

  private requireMapped(category: ImportCategoryRow, mapping: ColumnMappingInput): void {
    const missing: Record<string, string> = {}
    for (const f of category.fields) {
      if (f.required && (mapping[f.key] === null || mapping[f.key] === undefined)) {
        missing[`mapping.${f.key}`] = `Choose the column for ${f.label} (required)`
      }
    }
    if (Object.keys(missing).length > 0)
      throw new AppError('VALIDATION', 'Map a column to every required field', missing)
  }

  /** Reads the whole file once, validating each row; yields to the event loop every few hundred rows. */
  private async scan(
    upload: Upload,
    category: ImportCategoryRow,
    mapping: ColumnMappingInput,
    job: Job,
    handlers: {
      label: string
      onHeaders?: (headers: string[]) => void
      onRow: (row: number, cells: string[], result: Validated) => void
    },
  ): Promise<{ rows: number; warnings: string[] }> {
    const validate: ValidateFields = fieldValidator(this.services(), category)
    let count = 0
    const jobId = job.id
    // Known once the file was read before (the check before an import), so the bar can fill.
    const total = upload.rows ?? 0
    const info = await readCsvFile(upload.path, {
      signal: job.abort.signal,
      onHeaders: (headers) => {
        this.checkMapping(category, headers.length, mapping)
        this.requireMapped(category, mapping)
        handlers.onHeaders?.(headers)
      },
      onRow: async (cells, row) => {
        handlers.onRow(row, cells, validate(category.id, mapRow(cells, mapping)))
        count += 1
        if (count % SLICE === 0) {
          if (jobId && count % 5_000 === 0) this.progress(jobId, handlers.label, count, total)
          await yieldToLoop()
        }
      },
    })
    upload.rows = info.rows
    if (jobId) this.progress(jobId, handlers.label, info.rows, info.rows)
    return { rows: info.rows, warnings: info.warnings }
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

function fieldLabel(category: ImportCategoryRow, key: string): string {
  return category.fields.find((f) => f.key === key)?.label ?? key
}

function issuesOf(row: number, category: ImportCategoryRow, fields: Record<string, string>): ImportIssue[] {
  return Object.entries(fields).map(([key, reason]) => ({ row, field: fieldLabel(category, key), reason }))
}

/** The values a lead will hold, by field key: contact columns and details together. */
function storedValues(category: ImportCategoryRow, result: Extract<Validated, { ok: true }>) {
  const values: Record<string, string | number | boolean | null> = {}
  for (const f of category.fields) {
    const v = isContactField(f.key) ? result.contact[f.key] : result.details[f.key]
    values[f.key] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null
  }
  return values
}
