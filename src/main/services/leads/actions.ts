import type { ClassificationChange, LeadSelection, ReprocessSummary, ReturnReason } from '../../../shared/api/leads'
import { AppError, notFound } from '../../../shared/api/errors'
import {
  CONTACT_FIELDS,
  type Contact,
  isContactField,
  type LeadStatus,
  type StageKind,
} from '../../../shared/domain/lead'
import type { Actor, Deps } from '../deps'
import type { DistributionService } from '../distribution'
import type { LeadsService } from '../leads'

/** What the console needs of the engine; the engine records each action in the audit log. */
export type LeadEngine = Pick<
  DistributionService,
  'reprocess' | 'planStages' | 'reclassify' | 'editLead' | 'approveAudit' | 'rejectAudit' | 'returnLead' | 'settlePost'
>

/** Progress is pushed at most this often so a 100,000-lead run does not flood the renderer. */
const PROGRESS_INTERVAL_MS = 100

/**
 * Operator actions on leads that go through the distribution engine. The engine changes the lead
 * (status, wallet, counters, events, audit log); this layer resolves selections, says what
 * changed, reports progress and tells open screens to refresh.
 */
export class LeadActions {
  constructor(
    private readonly deps: Deps,
    private readonly leads: LeadsService,
  ) {}

  async edit(
    engine: LeadEngine,
    actor: Actor,
    input: {
      id: number
      contact?: Record<string, string | null>
      details?: Record<string, unknown>
      expectedUpdatedAt?: number
    },
  ): Promise<{ changed: string[]; reclassified: ClassificationChange; stages: StageKind[] }> {
    const before = await this.leads.get(input.id)
    const contact: Partial<Contact> = {}
    const unknown: Record<string, string> = {}
    for (const [key, value] of Object.entries(input.contact ?? {})) {
      if (isContactField(key)) contact[key] = value === '' ? null : value
      else unknown[`contact.${key}`] = 'Not a contact field'
    }
    if (Object.keys(unknown).length > 0) throw new AppError('VALIDATION', 'Some fields are not valid', unknown)

    const { reclassified } = await engine.editLead(
      input.id,
      { contact, details: input.details, expectedUpdatedAt: input.expectedUpdatedAt },
      actor,
    )
    // Compared after the engine normalised the values, so "(415) 555-0101" over "+14155550101" is no change.
    const after = await this.leads.get(input.id)
    const changed = [
      ...CONTACT_FIELDS.filter((k) => (before.contact[k] ?? null) !== (after.contact[k] ?? null)),
      ...[...new Set([...Object.keys(before.details), ...Object.keys(after.details)])].filter(
        (k) => JSON.stringify(before.details[k] ?? null) !== JSON.stringify(after.details[k] ?? null),
      ),
    ]
    this.deps.events.emit('changed', { areas: ['leads', 'audit'] })
    return { changed, reclassified, stages: await engine.planStages(input.id) }
  }

  async reclassify(engine: LeadEngine, actor: Actor, id: number): Promise<ClassificationChange> {
    const result = await engine.reclassify(id, actor)
    this.deps.events.emit('changed', { areas: ['leads'] })
    return result
  }

  async returnLead(
    engine: LeadEngine,
    actor: Actor,
    input: { id: number; reason: ReturnReason; note: string; amountCents?: number | null },
  ): Promise<{ status: 'Returned'; creditedCents: number; reversedCents: number }> {
    const reason = input.reason === 'Other' ? input.note : input.note ? `${input.reason}: ${input.note}` : input.reason
    const result = await engine.returnLead(input.id, actor, reason, input.amountCents ?? null)
    this.deps.events.emit('changed', { areas: ['leads', 'wallets', 'customers'] })
    return result
  }

  async settlePost(
    engine: LeadEngine,
    actor: Actor,
    input: { id: number; decision: 'sold' | 'not_sold'; priceCents: number | null },
  ): Promise<{ status: LeadStatus }> {
    const result = await engine.settlePost(
      input.id,
      input.decision === 'sold' ? { sold: true, priceCents: input.priceCents } : { sold: false },
      actor,
    )
    this.deps.events.emit('changed', { areas: ['leads'] })
    return result
  }

  async reprocess(
    engine: LeadEngine,
    actor: Actor,
    input: { selection: LeadSelection; from: StageKind | null; job: string },
  ): Promise<ReprocessSummary> {
    const ids = await this.leads.resolveSelection(this.deps.db, input.selection)
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
      return {
        requested: ids.length,
        outcomes: result.outcomes,
        skipped: result.skipped.length,
        refused: result.refused,
      }
    } finally {
      progress(ids.length, ids.length, true)
      this.deps.events.emit('changed', { areas: ['leads', 'audit'] })
    }
  }

  async approveAudit(
    engine: LeadEngine,
    actor: Actor,
    id: number,
    decisionId?: string,
  ): Promise<{ status: LeadStatus; replayed: boolean }> {
    const result = await engine.approveAudit(id, actor, decisionId)
    if (!result.replayed) this.deps.events.emit('changed', { areas: ['leads', 'audit'] })
    return result
  }

  async rejectAudit(
    engine: LeadEngine,
    actor: Actor,
    id: number,
    reason: string,
    decisionId?: string,
  ): Promise<{ status: LeadStatus; replayed: boolean }> {
    const result = await engine.rejectAudit(id, actor, reason, decisionId)
    if (!result.replayed) this.deps.events.emit('changed', { areas: ['leads', 'audit'] })
    return result
  }
}
