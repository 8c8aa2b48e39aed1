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
import { type LeadDetail, type LeadRow, type LeadStatus, REPROCESSABLE_STATUSES } from '../../shared/domain/lead'
import type { Page } from '../../shared/domain/page'
import { parseJson } from '../db/json'
import { toLeadField } from '../db/repositories/field-row'
import { contactOf, toLeadRow } from '../db/repositories/lead-row'
import { type LeadSortColumn, LeadsRepository } from '../db/repositories/leads'
import { PingpostReadRepository } from '../db/repositories/pingpost-read'
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
    this.repo = new LeadsRepository(deps.store)
    this.pingpost = new PingpostReadRepository(deps.store)
    this.actions = new LeadActions(deps, this)
  }

  list(input: {
    filter: LeadFilter
    page: number
    pageSize: number
    sort: { column: LeadSortColumn; direction: 'asc' | 'desc' }
  }): Page<LeadRow> {
    return this.repo.list(input)
  }

  /** Resolves a selection to ids in the main process; "all matching" never travels as an id list. */
  resolveSelection(selection: LeadSelection): number[] {
    if ('ids' in selection) return [...new Set(selection.ids)]
    return this.repo.idsMatching(selection.filter, selection.exclude ?? [])
  }

  get(id: number): LeadDetail {
    const r = this.repo.byId(id)
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
      events: this.repo.events(id),
    }
  }

  fields(id: number): LeadField[] {
    const lead = this.repo.byId(id)
    if (!lead) throw notFound('Lead')
    if (lead.category_id === null) return []
    return this.repo.categoryFields(lead.category_id).map(toLeadField)
  }

  filterOptions() {
    return this.repo.filterOptions()
  }

  /** Which leads of a selection may be sent through distribution again, counted by status. */
  reprocessPreview(selection: LeadSelection): ReprocessBreakdown {
    const counts = new Map<string, number>()
    const eligibleStatus = (status: string) => REPROCESSABLE_STATUSES.includes(status as LeadStatus)
    let withoutLeadType = 0
    if ('ids' in selection) {
      for (const { status, lead_type_id } of this.repo.statuses([...new Set(selection.ids)])) {
        counts.set(status, (counts.get(status) ?? 0) + 1)
        if (lead_type_id === null && eligibleStatus(status)) withoutLeadType++
      }
    } else {
      // Counted by the index, then the few excluded rows are taken back out.
      for (const [status, n] of this.repo.countByStatus(selection.filter)) counts.set(status, n)
      withoutLeadType = this.repo.countWithoutLeadType(selection.filter, REPROCESSABLE_STATUSES)
      for (const { status, lead_type_id } of this.repo.matchingAmong(selection.filter, selection.exclude ?? [])) {
        counts.set(status, (counts.get(status) ?? 0) - 1)
        if (lead_type_id === null && eligibleStatus(status)) withoutLeadType--
      }
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

  pingpostRecords(id: number): PingpostRecordView[] {
    const lead = this.repo.byId(id)
    if (!lead) throw notFound('Lead')
    const linked = [lead.ping_record_id, lead.post_record_id].filter((x): x is number => x !== null)
    return this.pingpost.forLead(id, linked)
  }

  /**
   * A customer's leads exactly as that customer receives them: only the fields its category marks
   * deliverable are copied out, so nothing else ever leaves the main process through this method.
   */
  customerView(input: { customerId: number; page: number; pageSize: number }): CustomerViewPage {
    const customer = this.repo.customer(input.customerId)
    if (!customer) throw notFound('Customer')
    const { total, rows } = this.repo.customerLeads(input.customerId, input.page, input.pageSize)
    const categoryIds = [...new Set(rows.map((r) => r.category_id).filter((c): c is number => c !== null))]
    const byCategory = new Map<number, { key: string; label: string }[]>()
    const columns = new Map<string, string>()
    for (const f of this.repo.deliverableFields(categoryIds)) {
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

  auditQueue(limit: number): { total: number; items: AuditItem[] } {
    const { total, rows } = this.repo.auditQueue(limit)
    return {
      total,
      items: rows.map((r) => {
        const events = this.repo.events(r.id)
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
    const ids = this.resolveSelection(selection)
    // The log names the leads, up to a readable number of them.
    const before = this.repo.summaries(ids.slice(0, LOGGED_SUMMARIES))
    const record = (n: number) =>
      this.auditLog.record(
        actor,
        'leads.delete',
        { type: 'lead', id: ids.length === 1 ? ids[0] : null },
        `Deleted ${n} lead${n === 1 ? '' : 's'}`,
        ids.length > LOGGED_SUMMARIES ? { before, after: { deleted: n, listed: before.length } } : { before },
      )
    let deleted = 0
    if (ids.length <= DELETE_CHUNK) {
      deleted = this.deps.store.transaction(() => {
        const n = this.repo.deleteMany(ids)
        record(n)
        return n
      })
    } else {
      const label = `Deleting ${countOf(ids.length, 'lead')}`
      for (let i = 0; i < ids.length; i += DELETE_CHUNK) {
        const chunk = ids.slice(i, i + DELETE_CHUNK)
        deleted += this.deps.store.transaction(() => this.repo.deleteMany(chunk))
        if (job) this.deps.events.emit('progress', { job, label, done: i + chunk.length, total: ids.length })
        await new Promise((resolve) => setImmediate(resolve))
      }
      record(deleted)
      if (job) this.deps.events.emit('progress', { job, label, done: ids.length, total: ids.length, finished: true })
    }
    this.deps.events.emit('changed', { areas: ['leads', 'audit'] })
    return { deleted }
  }
}
