import type { AuditItem } from '../../shared/api/audit'
import type {
  CustomerViewPage,
  LeadField,
  LeadFilter,
  LeadSelection,
  PingpostRecordView,
  ReprocessBreakdown,
} from '../../shared/api/leads'
import { notFound } from '../../shared/api/errors'
import {
  type LeadDetail,
  type LeadEvent,
  type LeadRow,
  type LeadStatus,
  REPROCESSABLE_STATUSES,
} from '../../shared/domain/lead'
import type { Page } from '../../shared/domain/page'
import type { Executor } from '../db/executor'
import { parseJson } from '../db/json'
import { toLeadField } from '../db/repositories/field-row'
import { contactOf, toLeadRow } from '../db/repositories/lead-row'
import { type LeadSortColumn, LeadsRepository } from '../db/repositories/leads'
import { PingpostReadRepository } from '../db/repositories/pingpost-read'
import { inTransaction } from '../db/transaction'
import { LeadActions } from './leads/actions'
import type { AuditLog } from './audit-log'
import type { Actor, Deps } from './deps'
import { countOf } from '../../shared/text/plural'
import { withExtension } from '../engine/phone-extension'

/** Leads deleted per transaction when a selection is large. */
const DELETE_CHUNK = 2_000
/** Leads named in the audit log line of a delete. */
const LOGGED_SUMMARIES = 1_000

export class LeadsService {
  readonly repo: LeadsRepository
  /** Actions that run through the distribution engine (edit, return, reprocess, audit review). */
  readonly actions: LeadActions
  private readonly pingpost: PingpostReadRepository

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
  ) {
    this.repo = new LeadsRepository(deps.dialect)
    this.pingpost = new PingpostReadRepository()
    this.actions = new LeadActions(deps, this)
  }

  /** One page and its total, read in one unit of work so that they agree. */
  async list(input: {
    filter: LeadFilter
    page: number
    pageSize: number
    sort: { column: LeadSortColumn; direction: 'asc' | 'desc' }
  }): Promise<Page<LeadRow>> {
    return inTransaction(this.deps.db, (trx) => this.repo.list(trx, input))
  }

  /** Resolves a selection to ids in the main process; "all matching" never travels as an id list. */
  async resolveSelection(db: Executor, selection: LeadSelection): Promise<number[]> {
    if ('ids' in selection) return [...new Set(selection.ids)]
    return this.repo.idsMatching(db, selection.filter, selection.exclude ?? [])
  }

  async get(id: number): Promise<LeadDetail> {
    return inTransaction(this.deps.db, (trx) => this.detail(trx, id))
  }

  /** The lead with its trace, on `db`. */
  private async detail(db: Executor, id: number): Promise<LeadDetail> {
    const r = await this.repo.byId(db, id)
    if (!r) throw notFound('Lead')
    return {
      ...toLeadRow(r),
      contact: contactOf(r),
      details: parseJson<Record<string, unknown>>(r.details, {}),
      partnerId: r.partner_id,
      partnerName: r.partner_name,
      bidId: r.bid_id,
      importBatchId: r.import_batch_id,
      pingRecordId: r.ping_record_id,
      postRecordId: r.post_record_id,
      returnReason: r.return_reason,
      returnedAt: r.returned_at,
      userAgent: r.user_agent,
      events: await this.repo.events(db, id),
    }
  }

  async fields(id: number): Promise<LeadField[]> {
    return inTransaction(this.deps.db, async (trx) => {
      const lead = await this.repo.byId(trx, id)
      if (!lead) throw notFound('Lead')
      if (lead.category_id === null) return []
      return (await this.repo.categoryFields(trx, lead.category_id)).map(toLeadField)
    })
  }

  async filterOptions() {
    return inTransaction(this.deps.db, (trx) => this.repo.filterOptions(trx))
  }

  /** Which leads of a selection may be sent through distribution again, counted by status. */
  async reprocessPreview(selection: LeadSelection): Promise<ReprocessBreakdown> {
    const counts = new Map<string, number>()
    const eligibleStatus = (status: string) => REPROCESSABLE_STATUSES.includes(status as LeadStatus)
    let withoutLeadType = 0
    if ('ids' in selection) {
      for (const { status, lead_type_id } of await this.repo.statuses(this.deps.db, [...new Set(selection.ids)])) {
        counts.set(status, (counts.get(status) ?? 0) + 1)
        if (lead_type_id === null && eligibleStatus(status)) withoutLeadType++
      }
    } else {
      // Counted by the index, then the few excluded rows are taken back out: in one unit of work,
      // so that the exclusions are taken out of the counts they were counted in.
      const { filter, exclude = [] } = selection
      await inTransaction(this.deps.db, async (trx) => {
        for (const [status, n] of await this.repo.countByStatus(trx, filter)) counts.set(status, n)
        withoutLeadType = await this.repo.countWithoutLeadType(trx, filter, REPROCESSABLE_STATUSES)
        for (const { status, lead_type_id } of await this.repo.matchingAmong(trx, filter, exclude)) {
          counts.set(status, (counts.get(status) ?? 0) - 1)
          if (lead_type_id === null && eligibleStatus(status)) withoutLeadType--
        }
      })
    }
    const byStatus = [...counts]
      .filter(([, n]) => n > 0)
      .map(([status, count]) => ({
        status: status as LeadStatus,
        count,
        eligible: eligibleStatus(status),
      }))
      .sort((a, b) => Number(b.eligible) - Number(a.eligible) || b.count - a.count)
    const eligible = byStatus.filter((s) => s.eligible).reduce((sum, s) => sum + s.count, 0)
    const total = byStatus.reduce((sum, s) => sum + s.count, 0)
    return { total, eligible, notEligible: total - eligible, byStatus, withoutLeadType }
  }

  async pingpostRecords(id: number): Promise<PingpostRecordView[]> {
    return inTransaction(this.deps.db, async (trx) => {
      const lead = await this.repo.byId(trx, id)
      if (!lead) throw notFound('Lead')
      const linked = [lead.ping_record_id, lead.post_record_id].filter((x): x is number => x !== null)
      return this.pingpost.forLead(trx, id, linked)
    })
  }

  /**
   * A customer's leads exactly as that customer receives them: only the fields its category marks
   * deliverable are copied out, so nothing else ever leaves the main process through this method.
   */
  async customerView(input: { customerId: number; page: number; pageSize: number }): Promise<CustomerViewPage> {
    const { customer, total, rows, fields } = await inTransaction(this.deps.db, async (trx) => {
      const customer = await this.repo.customer(trx, input.customerId)
      if (!customer) throw notFound('Customer')
      const { total, rows } = await this.repo.customerLeads(trx, input.customerId, input.page, input.pageSize)
      const categoryIds = [...new Set(rows.map((r) => r.category_id).filter((c): c is number => c !== null))]
      return { customer, total, rows, fields: await this.repo.deliverableFields(trx, categoryIds) }
    })
    const byCategory = new Map<number, { key: string; label: string }[]>()
    const columns = new Map<string, string>()
    for (const f of fields) {
      const list = byCategory.get(f.category_id) ?? []
      list.push({ key: f.key, label: f.label })
      byCategory.set(f.category_id, list)
      if (!columns.has(f.key)) columns.set(f.key, f.label)
    }
    return {
      customer,
      columns: [...columns].map(([key, label]) => ({ key, label })),
      total,
      rows: rows.map((r) => {
        const details = parseJson<Record<string, unknown>>(r.details, {})
        const contact: Record<string, unknown> = contactOf(r)
        const values: Record<string, unknown> = {}
        for (const f of byCategory.get(r.category_id ?? -1) ?? []) {
          const value = f.key in contact ? contact[f.key] : details[f.key]
          // A phone the customer may call carries its extension, as in the customer's export.
          if (value !== undefined && value !== null) values[f.key] = withExtension(value, details[`${f.key}_ext`])
        }
        return {
          id: r.id,
          uuid: r.uuid,
          status: r.status as LeadStatus,
          assignedAt: r.assigned_at,
          chargedCents: r.charged_cents,
          values,
        }
      }),
    }
  }

  async auditQueue(limit: number): Promise<{ total: number; items: AuditItem[] }> {
    const { total, rows, eventsOf } = await inTransaction(this.deps.db, async (trx) => {
      const { total, rows } = await this.repo.auditQueue(trx, limit)
      const eventsOf = new Map<number, LeadEvent[]>()
      for (const r of rows) eventsOf.set(r.id, await this.repo.events(trx, r.id))
      return { total, rows, eventsOf }
    })
    return {
      total,
      items: rows.map((r) => {
        const events = eventsOf.get(r.id) ?? []
        // The engine's audit step names the check that stopped the lead; fall back to the last word.
        const stop = [...events].reverse().find((e) => /audit/i.test(e.stage) || /audit/i.test(e.kind)) ?? events.at(-1)
        const contact = contactOf(r)
        return {
          id: r.id,
          uuid: r.uuid,
          createdAt: r.created_at,
          sourceName: r.source_name,
          categoryName: r.category_name,
          leadTypeName: r.lead_type_name,
          contact,
          details: parseJson<Record<string, unknown>>(r.details, {}),
          reason: stop?.message ?? 'Stopped for review',
          reasonData: stop?.data ?? null,
        }
      }),
    }
  }

  /**
   * Deletes a selection. Up to DELETE_CHUNK leads go in one transaction; a larger selection ("all
   * 300,000 matching") goes in chunks with the event loop free in between, reporting progress.
   */
  async delete(actor: Actor, selection: LeadSelection, job?: string): Promise<{ deleted: number }> {
    const ids = await this.resolveSelection(this.deps.db, selection)
    // The log names the leads, up to a readable number of them.
    const before = await this.repo.summaries(this.deps.db, ids.slice(0, LOGGED_SUMMARIES))
    const record = (db: Executor, n: number) =>
      this.auditLog.write(
        db,
        actor,
        'leads.delete',
        { type: 'lead', id: ids.length === 1 ? ids[0] : null },
        `Deleted ${n} lead${n === 1 ? '' : 's'}`,
        ids.length > LOGGED_SUMMARIES ? { before, after: { deleted: n, listed: before.length } } : { before },
      )
    let deleted = 0
    if (ids.length <= DELETE_CHUNK) {
      deleted = await inTransaction(this.deps.db, async (trx) => {
        const n = await this.repo.deleteMany(trx, ids)
        await record(trx, n)
        return n
      })
    } else {
      const label = `Deleting ${countOf(ids.length, 'lead')}`
      for (let i = 0; i < ids.length; i += DELETE_CHUNK) {
        const chunk = ids.slice(i, i + DELETE_CHUNK)
        deleted += await inTransaction(this.deps.db, (trx) => this.repo.deleteMany(trx, chunk))
        if (job) this.deps.events.emit('progress', { job, label, done: i + chunk.length, total: ids.length })
        await new Promise((resolve) => setImmediate(resolve))
      }
      await record(this.deps.db, deleted)
      if (job) this.deps.events.emit('progress', { job, label, done: ids.length, total: ids.length, finished: true })
    }
    this.deps.events.emit('changed', { areas: ['leads', 'audit'] })
    return { deleted }
  }
}
