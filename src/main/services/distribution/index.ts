import type { Transaction } from 'kysely'
import { AppError, notFound } from '../../../shared/api/errors'
import { type Contact, type LeadStatus, REPROCESSABLE_STATUSES, type StageKind } from '../../../shared/domain/lead'
import type { PipelineLead } from '../../db/repositories/distribution/pipeline'
import type { DuplicateRule } from '../../../shared/domain/config'
import { PingpostRepository } from '../../db/repositories/pingpost'
import type { DB } from '../../db/schema'
import { runBidding } from '../../engine/bidding'
import { duplicateKeys } from '../../engine/duplicates'
import { money } from '../../engine/money'
import { billingPeriod } from '../../engine/periods'
import { splitValues, validateLead } from '../../engine/validate'
import type { AuditLog } from '../audit-log'
import type { Actor, Deps } from '../deps'
import type { WalletsService } from '../wallets'
import { Atomic } from './atomic'
import { categoryAtIntake, leadTypeOf, reclassifyCategory } from './classification'
import { ConfigCache, type Snapshot } from './config'
import { type IngestRequest, type IngestResult, IntakeQueue } from './intake'
import { LeadActions, type Reclassified } from './operator'
import { type DeliveryPort, Outcomes } from './outcomes'
import { type Decision, Pipeline, type Tail } from './pipeline'
import { type AuctionsPort, StageRunner, type Working } from './stages'
import { Serial } from './serial'
import { type PostDecision, UnknownPosts } from './unknown-posts'
import { workingOf } from './working'
import { takeDecision } from './audit-decisions'
import { countOf } from '../../../shared/text/plural'

export { Outcomes } from './outcomes'
export type { AuctionsPort } from './stages'
export type { DeliveryPort } from './outcomes'
export type { IngestRequest, IngestResult } from './intake'
export type { Reclassified } from './operator'
export type { PostDecision } from './unknown-posts'

export interface DuplicateCheck {
  rule: DuplicateRule
  keys(values: Record<string, unknown>): { key: string; value: string }[]
  stored(
    keys: { key: string; value: string }[],
  ): Promise<{ id: number; uuid: string; key: string; value: string } | null>
  /** The values of a key the category holds at all (null = cannot tell, look each one up). */
  present(key: string, values: readonly string[]): Promise<Set<string> | null>
}

/** Services the engine calls when they exist in this build; looked up on use, so wiring order does not matter. */
export interface DistributionPorts {
  delivery?: () => DeliveryPort | null
  auctions?: () => AuctionsPort | null
}

/**
 * The distribution engine as a use case: intake, the pipeline, operator actions on leads, and
 * start-up recovery. Rules live in `src/main/engine`; the parts here load the configuration, hold
 * the transactions and write outcomes through `Outcomes`.
 */
export class DistributionService {
  readonly config: ConfigCache
  readonly outcomes: Outcomes
  private readonly pipeline: Pipeline
  private readonly stages: StageRunner
  private readonly intake: IntakeQueue
  private readonly actions: LeadActions
  private readonly unknownPosts: UnknownPosts
  private releasing = false

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    wallets: WalletsService,
    ports: DistributionPorts = {},
  ) {
    const serial = new Serial()
    this.config = new ConfigCache(deps.db, deps.events, () => deps.clock.now(), serial)
    this.outcomes = new Outcomes(deps, this.config, new Atomic(), ports.delivery ?? (() => null), serial)
    this.stages = new StageRunner(deps, this.config, this.outcomes, ports.auctions ?? (() => null))
    this.pipeline = new Pipeline(deps, this.config, this.outcomes, this.stages)
    this.intake = new IntakeQueue(deps, auditLog, this.config, this.outcomes, this.pipeline, this.stages, serial)
    this.actions = new LeadActions(deps, auditLog, wallets, this.config, this.outcomes)
    this.unknownPosts = new UnknownPosts(
      deps,
      auditLog,
      this.config,
      this.outcomes,
      this.pipeline,
      new PingpostRepository(deps.ids),
    )
  }

  private get repo() {
    return this.outcomes.repo
  }

  private get busy() {
    return this.pipeline.busy
  }

  /** Resolves once the configuration reflects every committed settings change (read before `validateFields`). */
  async ready(): Promise<void> {
    await this.config.current()
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
   * The category's duplicate rule for leads not stored yet (imports): the keys it compares for
   * these values (empty ones never match) and the earlier lead they match, if any.
   */
  duplicateCheck(categoryId: number): DuplicateCheck | null {
    const category = this.config.get().categoriesById.get(categoryId)
    if (!category) return null
    return {
      rule: category.duplicateRule,
      keys: (values) => duplicateKeys(category.duplicateRule, values),
      stored: (keys) => this.pipeline.findDuplicate(this.deps.db, category, keys, this.deps.clock.now(), null),
      present: (key, values) => this.repo.presentValues(this.deps.db, category.id, key, values),
    }
  }

  /**
   * Validates, then queues the lead for the next group commit: leads that arrive together are
   * written in one transaction and every caller is answered after that commit. Throws
   * AppError('VALIDATION', …, fields) and stores nothing when the lead is invalid.
   */
  ingest(req: IngestRequest): Promise<IngestResult> {
    return this.intake.ingest(req)
  }

  reclassify(leadId: number, actor: Actor): Promise<Reclassified> {
    return this.actions.reclassify(leadId, actor)
  }

  editLead(
    leadId: number,
    patch: { contact?: Partial<Contact>; details?: Record<string, unknown>; expectedUpdatedAt?: number },
    actor: Actor,
  ): Promise<{ reclassified: Reclassified }> {
    return this.actions.editLead(leadId, patch, actor)
  }

  rejectAudit(
    leadId: number,
    actor: Actor,
    reason: string,
    decisionId?: string,
  ): Promise<{ status: LeadStatus; replayed: boolean }> {
    return this.actions.rejectAudit(leadId, actor, reason, decisionId)
  }

  returnLead(
    leadId: number,
    actor: Actor,
    reason: string,
    amountCents: number | null = null,
  ): Promise<{ status: 'Returned'; creditedCents: number; reversedCents: number }> {
    return this.actions.returnLead(leadId, actor, reason, amountCents)
  }

  /** An operator's decision on a post whose outcome is unknown: sold to that partner, or not sold. */
  settlePost(leadId: number, decision: PostDecision, actor: Actor): Promise<{ status: LeadStatus }> {
    return this.unknownPosts.decide(leadId, decision, actor)
  }

  /**
   * Reprocess from classification: category, checks, then the head of the plan before any network
   * stage, in the caller's unit of work. Returns the network part still to run, if any.
   */
  private async restart(
    db: Transaction<DB>,
    w: Working,
    snap: Snapshot,
    lead: PipelineLead,
    category: Snapshot['categories'][number] | null,
    categoryReason: string,
  ): Promise<Tail | null> {
    const now = this.deps.clock.now()
    if (category === null) {
      await this.repo.setClassification(db, w.id, null, null, now)
      await this.repo.setStatus(db, w.id, 'Uncategorized', now)
      await this.repo.event(db, w.id, now, 'classify', 'uncategorized', `Uncategorized: ${categoryReason}`)
      return null
    }
    const decision = await this.pipeline.decide(db, w, snap, category, {
      beforeId: w.id,
      processedAt: lead.processed_at,
    })
    const stored = { categoryId: lead.category_id, leadTypeId: lead.lead_type_id }
    if (!(await this.pipeline.apply(db, w, decision, stored))) return null
    w.leadTypeId = decision.leadTypeId
    return this.pipeline.startPlan(db, w, snap, null)
  }

  /**
   * Runs one stored lead again: from classification (from = null) or from a stage of its plan.
   * `actor`: the operator who asked, named on the wallet charge if the lead is sold.
   */
  private async rerun(
    lead: PipelineLead,
    from: StageKind | null | 'threshold',
    actor: Actor | null = null,
  ): Promise<LeadStatus> {
    if (this.busy.has(lead.id)) return lead.status
    // Claimed at once: another run of this lead may start while this one waits.
    this.busy.add(lead.id)
    const w = { ...workingOf(lead), userId: actor?.id ?? null }
    let tail: Tail | null = null
    let snap: Snapshot
    try {
      // A post that went out without its answer being stored is never sent again on its own.
      const settled = await this.unknownPosts.interrupted(lead)
      if (settled !== null) return settled
      snap = await this.config.current()
      tail = await this.outcomes.unit(async (trx) => {
        const now = this.deps.clock.now()
        await this.repo.setStatus(trx, lead.id, 'Pending', now, 'plan')
        if (from === null) {
          const picked = reclassifyCategory(snap, lead.category_id, lead.source_id, w.values)
          return this.restart(trx, w, snap, lead, picked.category, picked.reason)
        }
        if (from === 'threshold') {
          const t = await this.pipeline.threshold(trx, snap, lead.processed_at)
          const decision: Decision = {
            leadTypeId: lead.lead_type_id,
            status: t.withheld ? 'Withheld' : null,
            processedAt: t.processedAt,
            events: [t.event],
          }
          const stored = { categoryId: lead.category_id, leadTypeId: lead.lead_type_id }
          return (await this.pipeline.apply(trx, w, decision, stored))
            ? this.pipeline.startPlan(trx, w, snap, null)
            : null
        }
        return this.pipeline.startPlan(trx, w, snap, from)
      })
      this.outcomes.changed()
    } finally {
      this.busy.delete(lead.id)
    }
    if (tail) await this.pipeline.finish(w, snap, tail)
    return (await this.pipeline.status(this.deps.db, lead.id)) ?? lead.status
  }

  async quote(req: {
    sourceId: number
    categoryId?: number | null
    categorySlug?: string
    fields: Record<string, unknown>
  }): Promise<{
    leadTypeId: number | null
    bid: { bidId: number; customerId: number; priceCents: number } | null
    trace: string[]
  }> {
    const snap = await this.config.current()
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
    const balances = await this.repo.balances(this.deps.db, [...new Set(type.leadType.bids.map((b) => b.customerId))])
    const now = this.deps.clock.now()
    const usage = await this.config.usage.of(this.deps.db, type.leadType.bids, now)
    const result = runBidding(
      type.leadType.bids,
      {
        now,
        leadTypeId: type.leadType.id,
        values: validated.values,
        customerActive: (id) => snap.customers.get(id)?.active ?? false,
        usage,
        balance: (id) => balances.get(id) ?? 0,
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

  /**
   * Sends stored leads through distribution again. From the beginning (from = null) a lead is
   * validated, classified, checked for duplicates, audit and threshold, then planned, exactly as a
   * new lead; from a stage it keeps its classification, so a lead without a lead type is refused.
   * Refused leads stay as they were, with an event saying why.
   */
  async reprocess(
    leadIds: number[],
    from: StageKind | null,
    actor: Actor,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{
    outcomes: Partial<Record<LeadStatus, number>>
    skipped: { id: number; status: LeadStatus }[]
    refused: { reason: string; count: number }[]
  }> {
    const outcomes: Partial<Record<LeadStatus, number>> = {}
    const skipped: { id: number; status: LeadStatus }[] = []
    const refused = new Map<string, number>()
    const ids = [...new Set(leadIds)]
    const start = from === null ? 'the beginning' : from
    let done = 0
    await this.config.current()
    for (const id of ids) {
      const lead = await this.repo.byId(this.deps.db, id)
      if (!lead) {
        done++
        continue
      }
      if (!REPROCESSABLE_STATUSES.includes(lead.status) || this.busy.has(id)) {
        skipped.push({ id, status: lead.status })
      } else {
        const refusal = this.refusal(lead, from)
        if (refusal) {
          await this.repo.event(
            this.deps.db,
            id,
            this.deps.clock.now(),
            'operator',
            'reprocess-refused',
            `Not reprocessed from ${start} (asked by ${actor.name}): ${refusal.message}`,
            refusal.data,
          )
          refused.set(refusal.reason, (refused.get(refusal.reason) ?? 0) + 1)
        } else {
          await this.repo.event(
            this.deps.db,
            id,
            this.deps.clock.now(),
            'operator',
            'reprocess',
            `Reprocessed by ${actor.name} from ${start}`,
          )
          const status = await this.rerun(lead, from, actor)
          outcomes[status] = (outcomes[status] ?? 0) + 1
        }
      }
      done++
      onProgress?.(done, ids.length)
      // Let the event loop breathe between chunks of a long bulk run.
      if (done % 50 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    const refusedCount = [...refused.values()].reduce((a, b) => a + b, 0)
    await this.auditLog.write(
      this.deps.db,
      actor,
      'leads.reprocess',
      { type: 'lead', id: ids.length === 1 ? ids[0] : null },
      `Reprocessed ${countOf(ids.length - skipped.length - refusedCount, 'lead')} from ${start}`,
      {
        after: { outcomes, skipped: skipped.length, refused: Object.fromEntries(refused) },
      },
    )
    return { outcomes, skipped, refused: [...refused].map(([reason, count]) => ({ reason, count })) }
  }

  /** Why an eligible lead cannot be reprocessed from this start, or null when it can. */
  private refusal(
    lead: PipelineLead,
    from: StageKind | null,
  ): { reason: string; message: string; data?: unknown } | null {
    if (from !== null) {
      return lead.lead_type_id === null
        ? {
            reason: 'no lead type',
            message: 'the lead has no lead type; only a start from the beginning (Bidding) classifies it',
          }
        : null
    }
    // As at intake: the fields must hold for the category the lead is classified into.
    const snap = this.config.get()
    const w = workingOf(lead)
    const picked = reclassifyCategory(snap, lead.category_id, lead.source_id, w.values)
    if (!picked.category) return null
    const validated = validateLead(picked.category.fields, w.values, 'post')
    if (validated.ok) return null
    const fields = Object.entries(validated.fields).map(([k, v]) => `${k}: ${v}`)
    return {
      reason: 'invalid fields',
      message: `invalid fields for ${picked.category.name} (${fields.join('; ')})`,
      data: { fields: validated.fields },
    }
  }

  async planStages(leadId: number): Promise<StageKind[]> {
    const snap = await this.config.current()
    const lead = await this.repo.byId(this.deps.db, leadId)
    if (!lead) throw notFound('Lead')
    return this.pipeline.planStages(snap, workingOf(lead), null)?.map((s) => s.kind) ?? []
  }

  /**
   * Approves a lead in Audit: it continues from the subscription threshold. `decisionId` (the
   * deciding client's) makes a repeated send a replay; a lead a colleague decided first is refused
   * with who and when.
   */
  async approveAudit(
    leadId: number,
    actor: Actor,
    decisionId: string = this.deps.ids.uuid(),
  ): Promise<{ status: LeadStatus; replayed: boolean }> {
    const lead = await this.repo.byId(this.deps.db, leadId)
    if (!lead) throw notFound('Lead')
    const taken = await this.outcomes.unit(async (trx) => {
      const now = this.deps.clock.now()
      const d = await takeDecision(trx, this.repo, {
        decisionId,
        leadId,
        decision: 'approve',
        reason: null,
        actor,
        now,
      })
      if (d.replayed) return d
      await this.repo.event(trx, leadId, now, 'audit', 'approved', `Approved in audit by ${actor.name}`)
      await this.auditLog.write(trx, actor, 'lead.audit.approve', { type: 'lead', id: lead.uuid }, 'Approved in audit')
      return d
    })
    if (taken.replayed)
      return { status: (await this.pipeline.status(this.deps.db, leadId)) ?? lead.status, replayed: true }
    return { status: await this.rerun({ ...lead, status: 'Pending' }, 'threshold', actor), replayed: false }
  }

  /**
   * Distributes again the leads a stopped process left half-way. Alone on its database a process
   * resumes them all at start-up; among several servers (`staleBefore`), only leads untouched since
   * then — another server may still be working on newer ones — each claimed by one server.
   */
  async resumePending(options: { staleBefore?: number } = {}): Promise<number> {
    let n = 0
    // A snapshot before anything else runs, so the synchronous reads (validateFields) find one.
    await this.config.warm()
    const { staleBefore } = options
    for (const r of await this.repo.resumable(this.deps.db, staleBefore)) {
      const lead = await this.repo.byId(this.deps.db, r.id)
      if (!lead || lead.status !== 'Pending' || this.busy.has(r.id)) continue
      if (
        staleBefore !== undefined &&
        !(await this.repo.claimAbandoned(this.deps.db, r.id, staleBefore, this.deps.clock.now()))
      )
        continue
      await this.repo.event(this.deps.db, r.id, this.deps.clock.now(), 'intake', 'resumed', 'Resumed after a restart')
      await this.rerun(lead, r.resume_from === 'plan' ? 'threshold' : null)
      n++
    }
    return n
  }

  /** Releases Withheld leads, oldest first, while the period has room. */
  async releaseWithheld(): Promise<number> {
    // One release at a time (the period timer and a raised threshold may both ask).
    if (this.releasing) return 0
    this.releasing = true
    try {
      return await this.release()
    } finally {
      this.releasing = false
    }
  }

  private async release(): Promise<number> {
    let released = 0
    for (;;) {
      const snap = await this.config.current()
      const sub = snap.subscription
      const period = billingPeriod(this.deps.clock.now(), sub.periodStartDay)
      const room =
        sub.threshold === null
          ? 100
          : Math.min(100, sub.threshold - (await this.config.usage.processed(this.deps.db, period.start)))
      if (room <= 0) return released
      const ids = await this.repo.oldestWithheld(this.deps.db, room)
      if (ids.length === 0) return released
      for (const id of ids) {
        const lead = await this.repo.byId(this.deps.db, id)
        if (!lead || lead.status !== 'Withheld') continue
        await this.repo.event(
          this.deps.db,
          id,
          this.deps.clock.now(),
          'threshold',
          'released',
          'Released: the period has room again',
        )
        await this.rerun(lead, 'threshold')
        released++
      }
    }
  }

  /** True when Withheld leads wait and the period has room (the app checks this on a timer). */
  async hasReleasable(): Promise<boolean> {
    const sub = (await this.config.current()).subscription
    const period = billingPeriod(this.deps.clock.now(), sub.periodStartDay)
    if (sub.threshold !== null && (await this.config.usage.processed(this.deps.db, period.start)) >= sub.threshold)
      return false
    return (await this.repo.countWithheld(this.deps.db)) > 0
  }
}
