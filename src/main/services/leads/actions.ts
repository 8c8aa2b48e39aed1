import type { ClassificationChange, LeadSelection, ReprocessSummary, ReturnReason } from '../../../shared/api/leads'
import { AppError, notFound } from '../../../shared/api/errors'
import {
  CONTACT_FIELDS,
  type Contact,
  type ContactField,
  type LeadStatus,
  type StageKind,
} from '../../../shared/domain/lead'
import type { AuditLog } from '../audit-log'
import type { Actor, Deps } from '../deps'
import type { LeadsService } from '../leads'
import type { DistributionPort } from './distribution-port'

/** Progress is pushed at most this often so a 100,000-lead run does not flood the renderer. */
const PROGRESS_INTERVAL_MS = 100

const isContactField = (key: string): key is ContactField => (CONTACT_FIELDS as readonly string[]).includes(key)

/**
 * Operator actions on leads that go through the distribution engine. The engine changes the
 * lead (status, wallet, counters, events); this layer resolves selections, records the action in
 * the audit log and tells open screens what changed.
 */
export class LeadActions {
  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    private readonly leads: LeadsService,
  ) {}

  edit(
    engine: DistributionPort,
    actor: Actor,
    input: { id: number; contact?: Record<string, string | null>; details?: Record<string, unknown> },
  ): { changed: string[]; reclassified: ClassificationChange; stages: StageKind[] } {
    const before = this.leads.get(input.id)
    const contact: Partial<Contact> = {}
    const unknown: Record<string, string> = {}
    for (const [key, value] of Object.entries(input.contact ?? {})) {
      if (isContactField(key)) contact[key] = value === '' ? null : value
      else unknown[`contact.${key}`] = 'Not a contact field'
    }
    if (Object.keys(unknown).length > 0) throw new AppError('VALIDATION', 'Some fields are not valid', unknown)

    const changed = [
      ...Object.entries(contact)
        .filter(([k, v]) => (before.contact[k as ContactField] ?? null) !== (v ?? null))
        .map(([k]) => k),
      ...Object.entries(input.details ?? {})
        .filter(([k, v]) => JSON.stringify(before.details[k] ?? null) !== JSON.stringify(v ?? null))
        .map(([k]) => k),
    ]
    const result = this.deps.store.transaction(() => {
      const { reclassified } = engine.editLead(input.id, { contact, details: input.details }, actor)
      const after = this.leads.get(input.id)
      this.auditLog.record(
        actor,
        'leads.edit',
        { type: 'lead', id: input.id },
        changed.length ? `Edited ${changed.join(', ')} of lead ${before.uuid}` : `Saved lead ${before.uuid} unchanged`,
        {
          before: { contact: before.contact, details: before.details },
          after: { contact: after.contact, details: after.details },
        },
      )
      return reclassified
    })
    this.deps.events.emit('changed', { areas: ['leads', 'audit'] })
    return { changed, reclassified: result, stages: engine.planStages(input.id) }
  }

  reclassify(engine: DistributionPort, actor: Actor, id: number): ClassificationChange {
    const lead = this.leads.get(id)
    const result = this.deps.store.transaction(() => {
      const change = engine.reclassify(id, actor)
      this.auditLog.record(
        actor,
        'leads.reclassify',
        { type: 'lead', id },
        change.changed
          ? `Reclassified lead ${lead.uuid}: ${describe(change.from)} → ${describe(change.to)}`
          : `Reclassified lead ${lead.uuid}: no change`,
        { before: change.from, after: change.to },
      )
      return change
    })
    this.deps.events.emit('changed', { areas: ['leads'] })
    return result
  }

  returnLead(
    engine: DistributionPort,
    actor: Actor,
    input: { id: number; reason: ReturnReason; note: string },
  ): { status: 'Returned'; creditedCents: number } {
    const lead = this.leads.get(input.id)
    if (lead.status !== 'Assigned') {
      throw new AppError(
        'INVALID_STATE',
        lead.status === 'Returned'
          ? 'This lead was already returned'
          : `Only leads assigned to a customer can be returned; this one is ${lead.status}`,
      )
    }
    const reason = input.reason === 'Other' ? input.note : input.note ? `${input.reason}: ${input.note}` : input.reason
    const result = this.deps.store.transaction(() => {
      const returned = engine.returnLead(input.id, actor, reason)
      this.auditLog.record(
        actor,
        'leads.return',
        { type: 'lead', id: input.id },
        `Returned lead ${lead.uuid} for ${lead.customerName ?? 'its customer'} (${reason}); credited ${(returned.creditedCents / 100).toFixed(2)}`,
        {
          before: { status: lead.status, customerId: lead.customerId, chargedCents: lead.chargedCents },
          after: { status: returned.status, reason, creditedCents: returned.creditedCents },
        },
      )
      return returned
    })
    this.deps.events.emit('changed', { areas: ['leads', 'wallets', 'customers'] })
    return result
  }

  async reprocess(
    engine: DistributionPort,
    actor: Actor,
    input: { selection: LeadSelection; from: StageKind | null; job: string },
  ): Promise<ReprocessSummary> {
    const ids = this.leads.resolveSelection(input.selection)
    if (ids.length === 0) throw notFound('Leads to reprocess')
    const label = `Reprocessing ${ids.length} lead${ids.length === 1 ? '' : 's'}`
    let last = 0
    const progress = (done: number, total: number, finished = false) => {
      const now = Date.now()
      if (!finished && done < total && now - last < PROGRESS_INTERVAL_MS) return
      last = now
      this.deps.events.emit('progress', { job: input.job, label, done, total, finished })
    }
    progress(0, ids.length)
    try {
      const result = await engine.reprocess(ids, input.from, actor, (done, total) => progress(done, total))
      const summary: ReprocessSummary = {
        requested: ids.length,
        outcomes: result.outcomes,
        skipped: result.skipped.length,
      }
      this.auditLog.record(
        actor,
        'leads.reprocess',
        { type: 'lead', id: ids.length === 1 ? ids[0] : null },
        `Reprocessed ${ids.length - summary.skipped} lead${ids.length - summary.skipped === 1 ? '' : 's'} from ${input.from ?? 'classification'}${summary.skipped ? `; ${summary.skipped} not eligible` : ''}`,
        { after: { from: input.from, outcomes: summary.outcomes, skipped: result.skipped.slice(0, 100) } },
      )
      return summary
    } finally {
      progress(ids.length, ids.length, true)
      this.deps.events.emit('changed', { areas: ['leads', 'audit'] })
    }
  }

  async approveAudit(engine: DistributionPort, actor: Actor, id: number): Promise<{ status: LeadStatus }> {
    const lead = this.leads.get(id)
    if (lead.status !== 'Audit') throw new AppError('INVALID_STATE', `This lead is no longer in Audit (${lead.status})`)
    const result = await engine.approveAudit(id, actor)
    this.auditLog.record(
      actor,
      'audit.approve',
      { type: 'lead', id },
      `Approved lead ${lead.uuid} → ${result.status}`,
      {
        before: { status: lead.status },
        after: { status: result.status },
      },
    )
    this.deps.events.emit('changed', { areas: ['leads', 'audit'] })
    return result
  }

  rejectAudit(engine: DistributionPort, actor: Actor, id: number, reason: string): { status: LeadStatus } {
    const lead = this.leads.get(id)
    if (lead.status !== 'Audit') throw new AppError('INVALID_STATE', `This lead is no longer in Audit (${lead.status})`)
    const result = this.deps.store.transaction(() => {
      const rejected = engine.rejectAudit(id, actor, reason)
      this.auditLog.record(actor, 'audit.reject', { type: 'lead', id }, `Rejected lead ${lead.uuid}: ${reason}`, {
        before: { status: lead.status },
        after: { status: rejected.status, reason },
      })
      return rejected
    })
    this.deps.events.emit('changed', { areas: ['leads', 'audit'] })
    return result
  }
}

function describe(c: { categoryName: string | null; leadTypeName: string | null }): string {
  return `${c.categoryName ?? 'no category'} / ${c.leadTypeName ?? 'no lead type'}`
}
