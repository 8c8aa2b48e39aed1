import { createWriteStream, type WriteStream } from 'node:fs'
import type { ExportAudience, ExportResult } from '../../../shared/api/exports'
import type { LeadFilter } from '../../../shared/api/leads'
import { AppError, notFound } from '../../../shared/api/errors'
import { parseJson } from '../../db/json'
import { COL, type ExportScope, ExportsRepository } from '../../db/repositories/exports'
import type { AuditLog } from '../audit-log'
import type { Actor, Deps } from '../deps'
import { exportColumns } from './columns'
import { csvCell, csvLine, UTF8_BOM } from './csv'
import type { FileOutbox } from './outbox'

/** Leads read per query; each page is formatted and written before the event loop gets a turn. */
const PAGE = 2_000

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

function write(out: WriteStream, text: string): Promise<void> | null {
  // Respect the file's back-pressure so a million rows never pile up in memory.
  return out.write(text) ? null : new Promise((resolve) => out.once('drain', resolve))
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'leads'
  )
}

export interface ExportRequest {
  jobId: string
  audience: ExportAudience
  filter: LeadFilter
  customerId?: number | undefined
  bom: boolean
}

/** CSV export of leads, streamed page by page to the chosen file with progress events. */
export class ExportsService {
  readonly repo: ExportsRepository
  private readonly jobs = new Map<string, { abort: AbortController; userId: number }>()

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    readonly outbox: FileOutbox,
  ) {
    this.repo = new ExportsRepository(deps.dialect)
  }

  async start(actor: Actor, req: ExportRequest): Promise<ExportResult> {
    if (req.audience === 'customer' && req.customerId === undefined) {
      throw new AppError('VALIDATION', 'A customer-facing export is made from one customer’s lead list', {
        customerId: 'Choose the customer',
      })
    }
    const { db } = this.deps
    const customerName = req.customerId === undefined ? undefined : await this.repo.customerName(db, req.customerId)
    if (req.customerId !== undefined && customerName === undefined) throw notFound('Customer')
    if (this.jobs.has(req.jobId)) throw new AppError('CONFLICT', 'This export is already running')
    const job = { abort: new AbortController(), userId: actor.id }
    this.jobs.set(req.jobId, job)
    try {
      const day = new Date(this.deps.clock.now()).toISOString().slice(0, 10)
      const fileName = `${customerName ? `${slug(customerName)}-` : ''}leads-${day}.csv`
      const destination = await this.outbox.destination(fileName)
      if (!destination) return { rows: 0, columns: 0, delivery: { kind: 'cancelled' }, cancelled: true }
      const scope: ExportScope = {
        filter: req.filter,
        customerId: req.customerId,
        customerFacing: req.audience === 'customer',
      }
      const categoryScope = req.customerId === undefined && req.filter.categoryId?.length ? req.filter.categoryId : null
      const columns = exportColumns(req.audience, await this.repo.fields(db, categoryScope), await this.repo.names(db))
      const total = await this.repo.count(db, scope)
      const out = createWriteStream(destination.path, { encoding: 'utf8', highWaterMark: 1024 * 1024 })
      const closed = new Promise<void>((resolve, reject) => {
        out.on('close', resolve)
        out.on('error', reject)
      })
      let rows = 0
      let cancelled = false
      try {
        await write(out, (req.bom ? UTF8_BOM : '') + csvLine(columns.map((c) => c.label)))
        let afterId = 0
        this.progress(req.jobId, total, 0)
        for (;;) {
          if (job.abort.signal.aborted) {
            cancelled = true
            break
          }
          // Each page is one short read of its own: nothing stays open between pages.
          const page = await this.repo.page(db, scope, afterId, PAGE)
          if (page.length === 0) break
          // A cancel that came while the page was read stops before anything more is written.
          if (job.abort.signal.aborted) {
            cancelled = true
            break
          }
          let chunk = ''
          for (const r of page) {
            const details = parseJson<Record<string, unknown>>(r[COL.details] as string, {})
            let line = ''
            for (let i = 0; i < columns.length; i++) {
              if (i > 0) line += ','
              line += csvCell(columns[i]?.value(r, details))
            }
            chunk += `${line}\r\n`
          }
          rows += page.length
          afterId = (page[page.length - 1]?.[COL.id] as number | undefined) ?? afterId
          const drained = write(out, chunk)
          if (drained) await drained
          if (rows % (PAGE * 10) === 0) this.progress(req.jobId, total, rows)
          await yieldToLoop()
        }
      } finally {
        out.end()
        await closed
      }
      if (cancelled) {
        this.outbox.discard(destination.path)
        this.progress(req.jobId, total, rows, true)
        return { rows, columns: columns.length, delivery: { kind: 'cancelled' }, cancelled: true }
      }
      this.progress(req.jobId, total, rows, true)
      await this.auditLog.write(
        db,
        actor,
        'leads.export',
        { type: req.customerId === undefined ? 'leads' : 'customer', id: req.customerId ?? null },
        `Exported ${rows} lead${rows === 1 ? '' : 's'} (${req.audience === 'customer' ? 'customer-facing' : 'every field'})${customerName ? ` of ${customerName}` : ''}`,
        { after: { audience: req.audience, filter: req.filter, customerId: req.customerId ?? null, rows } },
      )
      return { rows, columns: columns.length, delivery: this.outbox.publish(destination), cancelled: false }
    } finally {
      this.jobs.delete(req.jobId)
    }
  }

  cancel(actor: Actor, jobId: string): { cancelled: boolean } {
    const job = this.jobs.get(jobId)
    if (!job || job.userId !== actor.id) return { cancelled: false }
    job.abort.abort()
    return { cancelled: true }
  }

  private progress(job: string, total: number, done: number, finished = false): void {
    this.deps.events.emit('progress', { job, label: 'Exporting leads', done, total, ...(finished ? { finished } : {}) })
  }
}
