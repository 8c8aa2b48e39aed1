import { AppError, notFound } from '../../../shared/api/errors'
import { type Contact, type LeadStatus, REPROCESSABLE_STATUSES, type StageKind } from '../../../shared/domain/lead'
import type { Stage } from '../../../shared/domain/config'
import { parseJson } from '../../db/json'
import type { PipelineLead } from '../../db/repositories/distribution/pipeline'
import { runBidding } from '../../engine/bidding'
import { money } from '../../engine/money'
import { billingPeriod } from '../../engine/periods'
import { joinValues, splitValues, validateLead, type Values } from '../../engine/validate'
import type { AuditLog } from '../audit-log'
import type { Actor, Deps } from '../deps'
import type { WalletsService } from '../wallets'
import { categoryAtIntake, leadTypeOf, reclassifyCategory } from './classification'
import { type CategoryConfig, ConfigCache, type Snapshot } from './config'
import { Atomic } from './atomic'
import { type DeliveryPort, Outcomes } from './outcomes'
import { type Decision, Pipeline } from './pipeline'
import { type AuctionsPort, type BidPlan, StageRunner, type Working } from './stages'

export { Outcomes } from './outcomes'
export type { AuctionsPort } from './stages'
export type { DeliveryPort } from './outcomes'

export interface IngestRequest {
  sourceId: number | null
  categoryId?: number | null
  categorySlug?: string
  fields: Record<string, unknown>
  idempotencyKey?: string | null
  importBatchId?: number | null
  pingRecordId?: number | null
  preferredBid?: { bidId: number; priceCents: number } | null
  /** false = store as Pending without distributing (imports that open reverse auctions). */
  distribute?: boolean
  actor?: Actor | null
}

export interface IngestResult {
  id: number
  uuid: string
  status: LeadStatus
  priceCents: number | null
  replayed: boolean
}

type Names = { categoryName: string | null; leadTypeName: string | null }
export interface Reclassified {
  changed: boolean
  from: Names
  to: Names
}

/** What is left of a lead's plan after its synchronous head: the network stage to run next. */
interface Tail {
  stages: Stage[]
  index: number
  reasons: string[]
}

interface Written {
  working: Working
  snap: Snapshot
  tail: Tail | null
  replayed: Omit<IngestResult, 'replayed'> | null
  /** The outcome when it was settled inside the transaction (no network stage left). */
  settled: { status: LeadStatus; priceCents: number | null } | null
}

interface Queued {
  req: IngestRequest
  key: string | null
  category: CategoryConfig | null
  categoryReason: string
  values: Values
  done: (w: Written) => void
  failed: (error: unknown) => void
}

/** Most leads written in one transaction: enough to share a commit, few enough to answer fast. */
const GROUP_COMMIT = 32

/** Services the engine calls when they exist in this build; looked up on use, so wiring order does not matter. */
export interface DistributionPorts {
  delivery?: () => DeliveryPort | null
  auctions?: () => AuctionsPort | null
}

/**
 * The distribution engine as a use case: intake, the pipeline, operator actions on leads, and
 * start-up recovery. Rules live in `src/main/engine`; this class loads the configuration, holds
 * the transactions and writes outcomes through `Outcomes`.
 */
export class DistributionService {
  readonly config: ConfigCache
  readonly outcomes: Outcomes
  private readonly pipeline: Pipeline
  private readonly stages: StageRunner
  /** Leads being distributed right now; a second run of the same lead waits its turn by refusing. */
  private readonly busy = new Set<number>()
  private readonly queue: Queued[] = []
  private flushScheduled = false

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    private readonly wallets: WalletsService,
    ports: DistributionPorts = {},
  ) {
    this.config = new ConfigCache(deps.store, deps.events, () => deps.clock.now())
    this.outcomes = new Outcomes(deps, this.config, new Atomic(deps.store), ports.delivery ?? (() => null))
    this.stages = new StageRunner(deps, this.config, this.outcomes, ports.auctions ?? (() => null))
    this.pipeline = new Pipeline(deps, this.config, this.outcomes, this.stages)
  }

  private get repo() {
    return this.outcomes.repo
  }

  validateFields(
    categoryId: number,
    fields: Record<string, unknown>,
    mode: 'post' | 'ping' = 'post',
  ): { ok: true; contact: Contact; details: Record<string, unknown> } | { ok: false; fields: Record<string, string> } {
    const category = this.config.get().categoriesById.get(categoryId)
    if (!category) return { ok: false, fields: { category: 'Unknown category' } }
    const result = validateLead(category.fields, fields, mode)
    if (!result.ok) return result
    return { ok: true, ...splitValues(result.values) }
  }

  /**
   * Validates, then queues the lead for the next group commit: leads that arrive together are
   * written in one transaction (each in its own savepoint, so one failing lead never takes the
   * others down) and every caller is answered after that commit. The work after a network stage,
   * if any, runs after the commit.
   */
  async ingest(req: IngestRequest): Promise<IngestResult> {
    const snap = this.config.get()
    const key = req.idempotencyKey?.trim() || null
    if (key !== null && req.sourceId !== null) {
      const first = this.repo.byIdempotencyKey(req.sourceId, key)
      if (first) return { ...this.answer(first), replayed: true }
    }
    const picked = categoryAtIntake(snap, req, req.fields)
    if (picked.category === null && picked.explicit) {
      throw new AppError('VALIDATION', 'Unknown lead category', { category: picked.reason })
    }
    const validated = validateLead(picked.category?.fields ?? [], req.fields, 'post')
    if (!validated.ok) throw new AppError('VALIDATION', 'The lead has invalid fields', validated.fields)
    const item: Queued = {
      req,
      key,
      category: picked.category,
      categoryReason: picked.reason,
      values: validated.values,
      done: () => undefined,
      failed: () => undefined,
    }
    const written = new Promise<Written>((resolve, reject) => {
      item.done = resolve
      item.failed = reject
    })
    this.queue.push(item)
    if (!this.flushScheduled) {
      this.flushScheduled = true
      setImmediate(() => this.flush())
    }
    const w = await written
    if (w.replayed) return { ...w.replayed, replayed: true }
    if (w.settled) return { id: w.working.id, uuid: w.working.uuid, ...w.settled, replayed: false }
    if (w.tail) await this.finish(w.working, w.snap, w.tail)
    const lead = this.repo.byId(w.working.id)
    if (!lead) throw notFound('Lead')
    return { ...this.answer(lead), replayed: false }
  }

  /** Writes the queued leads, up to a group at a time, in one transaction. */
  private flush(): void {
    this.flushScheduled = false
    const batch = this.queue.splice(0, GROUP_COMMIT)
    if (this.queue.length > 0) {
      this.flushScheduled = true
      setImmediate(() => this.flush())
    }
    const mark = this.config.usage.mark()
    // First try: the whole group in one transaction without savepoints.
    let written: Written[] | null = null
    this.outcomes.atomic.optimistic = true
    try {
      written = this.deps.store.transaction(() => batch.map((item) => this.write(item)))
    } catch {
      this.config.usage.rollbackTo(mark, this.deps.clock.now())
      this.config.recountProcessed()
    } finally {
      this.outcomes.atomic.optimistic = false
    }
    if (written) {
      this.outcomes.changed()
      batch.forEach((item, i) => {
        const w = written?.[i]
        if (w) item.done(w)
      })
      return
    }
    // Something failed: write each lead again with savepoints, so only the failing lead is affected.
    const results: (Written | { error: unknown })[] = []
    try {
      this.deps.store.transaction(() => {
        for (const item of batch) {
          try {
            results.push(this.deps.store.transaction(() => this.write(item)))
          } catch (error) {
            results.push({ error })
          }
        }
      })
    } catch (error) {
      // The commit itself failed: nothing of the group is stored.
      this.config.usage.rollbackTo(mark, this.deps.clock.now())
      this.config.recountProcessed()
      for (const item of batch) item.failed(error)
      return
    }
    this.outcomes.changed()
    batch.forEach((item, i) => {
      const r = results[i]
      if (r === undefined || 'error' in r) {
        this.config.recountProcessed()
        item.failed(r?.error ?? new Error('Lead was not written'))
      } else item.done(r)
    })
  }

  /** One lead, inside the group's transaction: stored once in its decided state, then the plan's head. */
  private write(item: Queued): Written {
    const { req, key } = item
    const snap = this.config.get()
    if (key !== null && req.sourceId !== null) {
      // A retry that arrived in the same group as its first attempt.
      const first = this.repo.byIdempotencyKey(req.sourceId, key)
      if (first) return { working: this.working(first), snap, tail: null, replayed: this.answer(first), settled: null }
    }
    const now = this.deps.clock.now()
    const distribute = req.distribute !== false
    const { contact, details } = splitValues(item.values)
    const w: Working = {
      id: 0,
      uuid: this.deps.ids.uuid(),
      sourceId: req.sourceId,
      categoryId: item.category?.id ?? null,
      leadTypeId: null,
      values: item.values,
      preferredBid: req.preferredBid ?? null,
    }
    const usageMark = this.config.usage.mark()
    let decision: Decision
    if (!distribute) {
      // Classified so the lead shows its type, but kept Pending for the caller (e.g. a reverse auction).
      const type = item.category ? leadTypeOf(item.category, w.values).leadType : null
      decision = {
        leadTypeId: type?.id ?? null,
        status: 'Pending',
        processedAt: null,
        events: [{ stage: 'intake', kind: 'stored', message: 'Stored without distribution' }],
      }
    } else if (item.category === null) {
      decision = {
        leadTypeId: null,
        status: 'Uncategorized',
        processedAt: null,
        events: [{ stage: 'classify', kind: 'uncategorized', message: `Uncategorized: ${item.categoryReason}` }],
      }
    } else {
      decision = this.pipeline.decide(w, snap, item.category, { beforeId: null, processedAt: null })
    }
    // Optimistic intake with bidding first: decide the award before storing, so the lead is written
    // once, already assigned (the slow path stores it Pending and bids afterwards).
    let stages: Stage[] | null = null
    let preBid: BidPlan | null = null
    if (decision.status === null) {
      w.leadTypeId = decision.leadTypeId
      stages = this.pipeline.planStages(snap, w, null)
      if (this.outcomes.atomic.optimistic && stages?.[0]?.kind === 'bidding') preBid = this.stages.bid(w, snap)
    }
    try {
      w.id = this.repo.insertLead({
        uuid: w.uuid,
        contact,
        details: JSON.stringify(details),
        sourceId: req.sourceId,
        categoryId: w.categoryId,
        leadTypeId: decision.leadTypeId,
        importBatchId: req.importBatchId ?? null,
        pingRecordId: req.pingRecordId ?? null,
        idempotencyKey: req.sourceId !== null ? key : null,
        status: decision.status ?? (preBid?.award ? 'Assigned' : 'Pending'),
        processedAt: decision.processedAt,
        assigned: preBid?.award ?? null,
        // Stored and settled in one transaction; a lead that must wait for a network stage is
        // marked resumable ('plan') before that transaction commits.
        resumeFrom: null,
        now,
      })
      w.leadTypeId = decision.leadTypeId
      const source = req.sourceId === null ? null : snap.sources.get(req.sourceId)
      this.repo.event(
        w.id,
        now,
        'intake',
        'received',
        `Received${source ? ` from ${source.name}` : req.actor ? ` from ${req.actor.name}` : ''}`,
        { sourceId: req.sourceId, importBatchId: req.importBatchId ?? null, pingRecordId: req.pingRecordId ?? null },
      )
      if (req.actor) {
        this.auditLog.record(req.actor, 'lead.create', { type: 'lead', id: w.uuid }, 'Created a lead', {
          after: { ...contact, details },
        })
      }
      this.pipeline.events(w.id, decision.events)
      if (decision.status !== null) {
        return { working: w, snap, tail: null, replayed: null, settled: { status: decision.status, priceCents: null } }
      }
      let tail: Tail | null
      if (preBid && stages) {
        const outcome = this.stages.commitBidding(w, preBid, preBid.award !== null)
        const reasons = outcome.placed ? [] : [outcome.reason]
        const index = outcome.placed ? null : this.pipeline.syncStages(w, snap, stages, 1, reasons)
        tail = index === null ? null : { stages, index, reasons }
      } else {
        tail = this.plan(w, snap, null)
      }
      const last = this.outcomes.last
      const settled = !tail && last?.leadId === w.id ? { status: last.status, priceCents: last.priceCents } : null
      return { working: w, snap, tail, replayed: null, settled }
    } catch (error) {
      this.config.usage.rollbackTo(usageMark, this.deps.clock.now())
      throw error
    }
  }

  private answer(lead: PipelineLead): Omit<IngestResult, 'replayed'> {
    const sold = lead.status === 'Assigned' || lead.status === 'Posted'
    return { id: lead.id, uuid: lead.uuid, status: lead.status, priceCents: sold ? lead.charged_cents : null }
  }

  /**
   * Reprocess from classification: category, checks, then the synchronous head of the plan, inside
   * the caller's transaction. Returns the network part still to run, if any.
   */
  private restart(
    w: Working,
    snap: Snapshot,
    lead: PipelineLead,
    category: Snapshot['categories'][number] | null,
    categoryReason: string,
  ): Tail | null {
    const now = this.deps.clock.now()
    if (category === null) {
      this.repo.setClassification(w.id, null, null, now)
      this.repo.setStatus(w.id, 'Uncategorized', now)
      this.repo.event(w.id, now, 'classify', 'uncategorized', `Uncategorized: ${categoryReason}`)
      return null
    }
    const decision = this.pipeline.decide(w, snap, category, { beforeId: w.id, processedAt: lead.processed_at })
    const stored = { categoryId: lead.category_id, leadTypeId: lead.lead_type_id }
    if (!this.pipeline.apply(w, decision, stored)) return null
    w.leadTypeId = decision.leadTypeId
    return this.plan(w, snap, null)
  }

  private plan(w: Working, snap: Snapshot, from: StageKind | null): Tail | null {
    const stages = this.pipeline.planStages(snap, w, from)
    const reasons: string[] = []
    if (stages === null) {
      this.outcomes.unassigned({
        leadId: w.id,
        stage: null,
        message: 'Unassigned: no distribution plan for this lead type or category',
      })
      return null
    }
    if (stages.length === 0 && from !== null) {
      this.outcomes.unassigned({ leadId: w.id, stage: null, message: `Unassigned: the plan has no ${from} stage` })
      return null
    }
    const index = this.pipeline.syncStages(w, snap, stages, 0, reasons)
    return index === null ? null : { stages, index, reasons }
  }

  private async finish(w: Working, snap: Snapshot, tail: Tail): Promise<void> {
    if (!tail.stages) return
    this.busy.add(w.id)
    try {
      await this.pipeline.asyncStages(w, snap, tail.stages, tail.index, tail.reasons)
    } finally {
      this.busy.delete(w.id)
      this.outcomes.changed()
    }
  }

  private working(lead: PipelineLead): Working {
    const details = parseJson<Record<string, unknown>>(lead.details, {})
    return {
      id: lead.id,
      uuid: lead.uuid,
      sourceId: lead.source_id,
      categoryId: lead.category_id,
      leadTypeId: lead.lead_type_id,
      values: joinValues(
        {
          first_name: lead.first_name,
          last_name: lead.last_name,
          email: lead.email,
          phone: lead.phone,
          address: lead.address,
          city: lead.city,
          county: lead.county,
          state: lead.state,
          zip: lead.zip,
        },
        details,
      ),
    }
  }

  /** Runs one stored lead again: from classification (from = null) or from a stage of its plan. */
  private async rerun(lead: PipelineLead, from: StageKind | null | 'threshold'): Promise<LeadStatus> {
    if (this.busy.has(lead.id)) return lead.status
    const snap = this.config.get()
    const w = this.working(lead)
    let tail: Tail | null = null
    this.busy.add(lead.id)
    try {
      this.deps.store.transaction(() => {
        const now = this.deps.clock.now()
        this.repo.setStatus(lead.id, 'Pending', now, 'plan')
        if (from === null) {
          const picked = reclassifyCategory(snap, lead.category_id, lead.source_id, w.values)
          tail = this.restart(w, snap, lead, picked.category, picked.reason)
        } else if (from === 'threshold') {
          const t = this.pipeline.threshold(snap, lead.processed_at)
          const decision: Decision = {
            leadTypeId: lead.lead_type_id,
            status: t.withheld ? 'Withheld' : null,
            processedAt: t.processedAt,
            events: [t.event],
          }
          tail = this.pipeline.apply(w, decision, { categoryId: lead.category_id, leadTypeId: lead.lead_type_id })
            ? this.plan(w, snap, null)
            : null
        } else {
          tail = this.plan(w, snap, from)
        }
      })
      this.outcomes.changed()
    } finally {
      this.busy.delete(lead.id)
    }
    if (tail) await this.finish(w, snap, tail)
    return this.pipeline.status(lead.id) ?? lead.status
  }

  quote(req: {
    sourceId: number
    categoryId?: number | null
    categorySlug?: string
    fields: Record<string, unknown>
  }): {
    leadTypeId: number | null
    bid: { bidId: number; customerId: number; priceCents: number } | null
    trace: string[]
  } {
    const snap = this.config.get()
    const picked = categoryAtIntake(snap, req, req.fields)
    if (!picked.category) {
      if (picked.explicit) throw new AppError('VALIDATION', 'Unknown lead category', { category: picked.reason })
      return { leadTypeId: null, bid: null, trace: [picked.reason] }
    }
    const validated = validateLead(picked.category.fields, req.fields, 'ping')
    if (!validated.ok) throw new AppError('VALIDATION', 'The ping has invalid fields', validated.fields)
    const type = leadTypeOf(picked.category, validated.values)
    const trace = [picked.reason, type.reason]
    if (!type.leadType) return { leadTypeId: null, bid: null, trace }
    const now = this.deps.clock.now()
    const result = runBidding(
      type.leadType.bids,
      {
        now,
        leadTypeId: type.leadType.id,
        values: validated.values,
        customerActive: (id) => snap.customers.get(id)?.active ?? false,
        usage: (bidId) => this.config.usage.get(bidId, now),
        balance: (id) => this.repo.balance(id),
      },
      (id) => this.config.lastWonAt(id),
    )
    for (const v of result.verdicts)
      trace.push(`Bid #${v.bidId} ${v.customerName} ${money(v.priceCents)}: ${v.message}`)
    const w = result.winner
    return {
      leadTypeId: type.leadType.id,
      bid: w ? { bidId: w.bidId, customerId: w.customerId, priceCents: w.priceCents } : null,
      trace,
    }
  }

  async reprocess(
    leadIds: number[],
    from: StageKind | null,
    actor: Actor,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ outcomes: Partial<Record<LeadStatus, number>>; skipped: { id: number; status: LeadStatus }[] }> {
    const outcomes: Partial<Record<LeadStatus, number>> = {}
    const skipped: { id: number; status: LeadStatus }[] = []
    const ids = [...new Set(leadIds)]
    let done = 0
    for (const id of ids) {
      const lead = this.repo.byId(id)
      if (!lead) {
        done++
        continue
      }
      if (!REPROCESSABLE_STATUSES.includes(lead.status) || this.busy.has(id)) {
        skipped.push({ id, status: lead.status })
      } else {
        this.repo.event(
          id,
          this.deps.clock.now(),
          'operator',
          'reprocess',
          `Reprocessed by ${actor.name} from ${from ?? 'classification'}`,
        )
        const status = await this.rerun(lead, from)
        outcomes[status] = (outcomes[status] ?? 0) + 1
      }
      done++
      onProgress?.(done, ids.length)
      // Let the event loop breathe between chunks of a long bulk run.
      if (done % 50 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    this.auditLog.record(
      actor,
      'leads.reprocess',
      { type: 'lead', id: ids.length === 1 ? ids[0] : null },
      `Reprocessed ${ids.length - skipped.length} lead(s) from ${from ?? 'classification'}`,
      {
        after: { outcomes, skipped: skipped.length },
      },
    )
    return { outcomes, skipped }
  }

  planStages(leadId: number): StageKind[] {
    const lead = this.repo.byId(leadId)
    if (!lead) throw notFound('Lead')
    return this.pipeline.planStages(this.config.get(), this.working(lead), null)?.map((s) => s.kind) ?? []
  }

  private names(categoryId: number | null, leadTypeId: number | null): Names {
    const snap = this.config.get()
    return {
      categoryName: categoryId === null ? null : (snap.categoriesById.get(categoryId)?.name ?? null),
      leadTypeName: leadTypeId === null ? null : (snap.leadTypesById.get(leadTypeId)?.name ?? null),
    }
  }

  reclassify(leadId: number, actor: Actor): Reclassified {
    const lead = this.repo.byId(leadId)
    if (!lead) throw notFound('Lead')
    const snap = this.config.get()
    const w = this.working(lead)
    const picked = reclassifyCategory(snap, lead.category_id, lead.source_id, w.values)
    const typeId = picked.category ? (leadTypeOf(picked.category, w.values).leadType?.id ?? null) : null
    const categoryId = picked.category?.id ?? null
    const from = this.names(lead.category_id, lead.lead_type_id)
    const to = this.names(categoryId, typeId)
    const changed = categoryId !== lead.category_id || typeId !== lead.lead_type_id
    this.deps.store.transaction(() => {
      const now = this.deps.clock.now()
      if (changed) this.repo.setClassification(leadId, categoryId, typeId, now)
      const message = changed
        ? `Lead type changed: ${from.leadTypeName ?? 'none'} → ${to.leadTypeName ?? 'none'}` +
          (categoryId !== lead.category_id
            ? ` (category ${from.categoryName ?? 'none'} → ${to.categoryName ?? 'none'})`
            : '')
        : 'Already correctly classified, no change'
      this.repo.event(
        leadId,
        now,
        'classify',
        changed ? 'reclassified' : 'unchanged',
        `${message} (by ${actor.name})`,
        { from, to },
      )
      this.auditLog.record(actor, 'lead.reclassify', { type: 'lead', id: lead.uuid }, message, {
        before: from,
        after: to,
      })
    })
    this.outcomes.changed()
    return { changed, from, to }
  }

  editLead(
    leadId: number,
    patch: { contact?: Partial<Contact>; details?: Record<string, unknown> },
    actor: Actor,
  ): { reclassified: Reclassified } {
    const lead = this.repo.byId(leadId)
    if (!lead) throw notFound('Lead')
    if (lead.status === 'Assigned' || lead.status === 'Posted' || lead.status === 'Returned') {
      throw new AppError('INVALID_STATE', 'A sold lead cannot be edited')
    }
    const before = this.working(lead).values
    const merged: Record<string, unknown> = { ...before, ...(patch.details ?? {}), ...(patch.contact ?? {}) }
    const category = lead.category_id === null ? undefined : this.config.get().categoriesById.get(lead.category_id)
    const validated = validateLead(category?.fields ?? [], merged, 'post')
    if (!validated.ok) throw new AppError('VALIDATION', 'The lead has invalid fields', validated.fields)
    const { contact, details } = splitValues(validated.values)
    this.deps.store.transaction(() => {
      const now = this.deps.clock.now()
      this.repo.updateData(leadId, contact, JSON.stringify(details), now)
      this.repo.event(leadId, now, 'operator', 'edited', `Edited by ${actor.name}`)
      this.auditLog.record(actor, 'lead.edit', { type: 'lead', id: lead.uuid }, 'Edited a lead', {
        before,
        after: validated.values,
      })
    })
    return { reclassified: this.reclassify(leadId, actor) }
  }

  async approveAudit(leadId: number, actor: Actor): Promise<{ status: LeadStatus }> {
    const lead = this.repo.byId(leadId)
    if (!lead) throw notFound('Lead')
    if (lead.status !== 'Audit')
      throw new AppError('INVALID_STATE', `Only leads in Audit can be approved (this one is ${lead.status})`)
    this.deps.store.transaction(() => {
      this.repo.event(leadId, this.deps.clock.now(), 'audit', 'approved', `Approved in audit by ${actor.name}`)
      this.auditLog.record(actor, 'lead.audit.approve', { type: 'lead', id: lead.uuid }, 'Approved in audit')
    })
    return { status: await this.rerun(lead, 'threshold') }
  }

  rejectAudit(leadId: number, actor: Actor, reason: string): { status: LeadStatus } {
    const lead = this.repo.byId(leadId)
    if (!lead) throw notFound('Lead')
    if (lead.status !== 'Audit')
      throw new AppError('INVALID_STATE', `Only leads in Audit can be rejected (this one is ${lead.status})`)
    const why = reason.trim()
    if (!why) throw new AppError('VALIDATION', 'Say why the lead is rejected', { reason: 'A reason is required' })
    this.deps.store.transaction(() => {
      this.outcomes.unassigned({
        leadId,
        stage: null,
        message: `Rejected in audit by ${actor.name}: ${why}`,
        data: { reason: why },
      })
      this.auditLog.record(actor, 'lead.audit.reject', { type: 'lead', id: lead.uuid }, `Rejected in audit: ${why}`)
    })
    return { status: 'Unassigned' }
  }

  returnLead(leadId: number, actor: Actor, reason: string): { status: 'Returned'; creditedCents: number } {
    const lead = this.repo.byId(leadId)
    if (!lead) throw notFound('Lead')
    const why = reason.trim()
    if (!why) throw new AppError('VALIDATION', 'Say why the lead is returned', { reason: 'A reason is required' })
    if (lead.status === 'Posted') {
      throw new AppError(
        'INVALID_STATE',
        'This lead was posted to a partner and carries no wallet charge; it cannot be returned',
      )
    }
    if (lead.status !== 'Assigned' || lead.customer_id === null) {
      throw new AppError('INVALID_STATE', `Only assigned leads can be returned (this one is ${lead.status})`)
    }
    const customerId = lead.customer_id
    const credited = lead.charged_cents ?? 0
    this.deps.store.transaction(() => {
      const now = this.deps.clock.now()
      this.repo.markReturned(leadId, why, now)
      if (credited > 0) this.wallets.credit(customerId, credited, leadId, actor, why)
      this.repo.event(
        leadId,
        now,
        'return',
        'returned',
        `Returned by ${actor.name}: ${why}; credited ${money(credited)}`,
        {
          customerId,
          creditedCents: credited,
          reason: why,
        },
      )
      this.auditLog.record(actor, 'lead.return', { type: 'lead', id: lead.uuid }, `Returned: ${why}`, {
        before: { status: lead.status },
        after: { status: 'Returned', creditedCents: credited },
      })
    })
    // The lead no longer counts against its bid's caps and budget.
    if (lead.bid_id !== null && lead.assigned_at !== null) {
      this.config.usage.add(lead.bid_id, lead.assigned_at, credited, -1, this.deps.clock.now())
    }
    this.outcomes.changed()
    return { status: 'Returned', creditedCents: credited }
  }

  async resumePending(): Promise<number> {
    let n = 0
    for (const r of this.repo.resumable()) {
      const lead = this.repo.byId(r.id)
      if (!lead || lead.status !== 'Pending' || this.busy.has(r.id)) continue
      this.repo.event(r.id, this.deps.clock.now(), 'intake', 'resumed', 'Resumed after a restart')
      await this.rerun(lead, r.resume_from === 'plan' ? 'threshold' : null)
      n++
    }
    return n
  }

  /** Releases Withheld leads, oldest first, while the period has room. */
  async releaseWithheld(): Promise<number> {
    let released = 0
    for (;;) {
      const snap = this.config.get()
      const sub = snap.subscription
      const period = billingPeriod(this.deps.clock.now(), sub.periodStartDay)
      const room = sub.threshold === null ? 100 : Math.min(100, sub.threshold - this.config.processedIn(period.start))
      if (room <= 0) return released
      const ids = this.repo.oldestWithheld(room)
      if (ids.length === 0) return released
      for (const id of ids) {
        const lead = this.repo.byId(id)
        if (!lead || lead.status !== 'Withheld') continue
        this.repo.event(id, this.deps.clock.now(), 'threshold', 'released', 'Released: the period has room again')
        await this.rerun(lead, 'threshold')
        released++
      }
    }
  }

  /** True when Withheld leads wait and the period has room (the app checks this on a timer). */
  hasReleasable(): boolean {
    const sub = this.config.get().subscription
    const period = billingPeriod(this.deps.clock.now(), sub.periodStartDay)
    if (sub.threshold !== null && this.config.processedIn(period.start) >= sub.threshold) return false
    return this.repo.countWithheld() > 0
  }
}
