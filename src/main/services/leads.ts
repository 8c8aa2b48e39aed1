import type { LeadFilter, LeadSelection } from '../../shared/api/leads'
import { notFound } from '../../shared/api/errors'
import type { LeadDetail, LeadRow, LeadStatus } from '../../shared/domain/lead'
import type { Page } from '../../shared/domain/page'
import { parseJson } from '../db/json'
import { type LeadSortColumn, LeadsRepository } from '../db/repositories/leads'
import type { AuditLog } from './audit-log'
import type { Actor, Deps } from './deps'

export class LeadsService {
  readonly repo: LeadsRepository

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
  ) {
    this.repo = new LeadsRepository(deps.store)
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
      id: r.id,
      uuid: r.uuid,
      status: r.status as LeadStatus,
      firstName: r.first_name,
      lastName: r.last_name,
      email: r.email,
      phone: r.phone,
      state: r.state,
      zip: r.zip,
      sourceId: r.source_id,
      sourceName: r.source_name,
      categoryId: r.category_id,
      categoryName: r.category_name,
      leadTypeId: r.lead_type_id,
      leadTypeName: r.lead_type_name,
      customerId: r.customer_id,
      customerName: r.customer_name,
      chargedCents: r.charged_cents,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      assignedAt: r.assigned_at,
      contact: {
        first_name: r.first_name,
        last_name: r.last_name,
        email: r.email,
        phone: r.phone,
        address: r.address,
        city: r.city,
        county: r.county,
        state: r.state,
        zip: r.zip,
      },
      details: parseJson<Record<string, unknown>>(r.details, {}),
      partnerId: r.partner_id,
      partnerName: r.partner_name,
      bidId: r.bid_id,
      importBatchId: r.import_batch_id,
      pingRecordId: r.ping_record_id,
      postRecordId: r.post_record_id,
      returnReason: r.return_reason,
      returnedAt: r.returned_at,
      events: this.repo.events(id),
    }
  }

  delete(actor: Actor, selection: LeadSelection): { deleted: number } {
    const ids = this.resolveSelection(selection)
    const deleted = this.deps.store.transaction(() => {
      const before = this.repo.summaries(ids)
      const n = this.repo.deleteMany(ids)
      this.auditLog.record(
        actor,
        'leads.delete',
        { type: 'lead', id: ids.length === 1 ? ids[0] : null },
        `Deleted ${n} lead${n === 1 ? '' : 's'}`,
        {
          before,
        },
      )
      return n
    })
    this.deps.events.emit('changed', { areas: ['leads'] })
    return { deleted }
  }
}
