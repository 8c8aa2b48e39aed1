import type { Stage } from '../../../shared/domain/config'
import type { LeadStatus, StageKind } from '../../../shared/domain/lead'
import type { Executor } from '../../db/executor'
import { inTransaction } from '../../db/transaction'
import { auditDecision } from '../../engine/audit'
import { describeDuplicate, duplicateKeys, windowStart } from '../../engine/duplicates'
import { billingPeriod } from '../../engine/periods'
import { stagesFrom, type StageOutcome } from '../../engine/plan'
import type { Deps } from '../deps'
import type { CategoryConfig, ConfigCache, Snapshot } from './config'
import { leadTypeOf, planOf } from './classification'
import type { Outcomes } from './outcomes'
import type { TraceEvent } from '../../engine/types'
import { ASYNC_STAGES, type StageCommit, type StageRunner, type Working } from './stages'

/** What is left of a lead's plan after its synchronous head: the network stage to run next. */
export interface Tail {
  stages: Stage[]
  index: number
  reasons: string[]
}

/** What the checks before the plan concluded; status null = on to the distribution plan. */
export interface Decision {
  leadTypeId: number | null
  status: LeadStatus | null
  processedAt: number | null
  events: TraceEvent[]
}

/**
 * The steps between intake and the distribution plan, and the plan itself. The steps without
 * network calls run in the caller's unit of work (`db`); the plan stops at the first network stage
 * and hands the rest back, so that no transaction is held open across an HTTP call.
 */
export class Pipeline {
  constructor(
    private readonly deps: Deps,
    private readonly config: ConfigCache,
    private readonly outcomes: Outcomes,
    private readonly stages: StageRunner,
  ) {}

  /** Leads being distributed right now; a second run of the same lead is refused meanwhile. */
  readonly busy = new Set<number>()

  private get repo() {
    return this.outcomes.repo
  }

  /** The plan from a stage (null = all): its synchronous head now, the network rest returned. */
  async startPlan(db: Executor, w: Working, snap: Snapshot, from: StageKind | null): Promise<Tail | null> {
    const stages = this.planStages(snap, w, from)
    const reasons: string[] = []
    if (stages === null) {
      await this.outcomes.unassigned(db, {
        leadId: w.id,
        stage: null,
        message: 'Unassigned: no distribution plan for this lead type or category',
      })
      return null
    }
    if (stages.length === 0 && from !== null) {
      await this.outcomes.unassigned(db, {
        leadId: w.id,
        stage: null,
        message: `Unassigned: the plan has no ${from} stage`,
      })
      return null
    }
    const index = await this.syncStages(db, w, snap, stages, 0, reasons)
    return index === null ? null : { stages, index, reasons }
  }

  /** The network part of a plan, after the transaction that stored the lead has committed. */
  async finish(w: Working, snap: Snapshot, tail: Tail): Promise<void> {
    if (!tail.stages) return
    this.busy.add(w.id)
    try {
      await this.asyncStages(w, snap, tail.stages, tail.index, tail.reasons)
    } finally {
      this.busy.delete(w.id)
      this.outcomes.changed()
    }
  }

  /**
   * Lead type, duplicates, audit, threshold: decided before anything is written, so a new lead is
   * stored once, already in its state. `beforeId` limits duplicates to earlier leads (a stored lead
   * must not match itself or later ones). `processedAt` is when the lead was last counted against
   * the subscription (reprocessed leads are not counted twice in a period).
   */
  async decide(
    db: Executor,
    w: Working,
    snap: Snapshot,
    category: CategoryConfig,
    opts: { beforeId: number | null; processedAt: number | null },
  ): Promise<Decision> {
    const now = this.deps.clock.now()
    const events: TraceEvent[] = []
    const type = leadTypeOf(category, w.values)
    w.categoryId = category.id
    w.leadTypeId = type.leadType?.id ?? null
    const decision = (status: LeadStatus | null, processedAt: number | null = null): Decision => ({
      leadTypeId: w.leadTypeId,
      status,
      processedAt,
      events,
    })
    if (!type.leadType) {
      events.push({
        stage: 'classify',
        kind: 'uncategorized',
        message: `Uncategorized: ${type.reason}`,
        data: { categoryId: category.id },
      })
      return decision('Uncategorized')
    }
    events.push({
      stage: 'classify',
      kind: 'classified',
      message: `${category.name} / ${type.leadType.name}: ${type.reason}`,
      data: { categoryId: category.id, leadTypeId: type.leadType.id },
    })

    const rule = category.duplicateRule
    const keys = duplicateKeys(rule, w.values)
    const dup = await this.findDuplicate(db, category, keys, now, opts.beforeId)
    if (dup) {
      events.push({
        stage: 'duplicate',
        kind: 'duplicate',
        message: describeDuplicate(dup.uuid, dup.key, rule.days),
        data: { duplicateOf: dup.uuid, leadId: dup.id, key: dup.key, value: dup.value, days: rule.days },
      })
      return decision('Duplicate')
    }
    events.push({
      stage: 'duplicate',
      kind: 'pass',
      message:
        keys.length === 0
          ? rule.days <= 0
            ? 'Duplicate check off'
            : 'No duplicate keys to compare (empty values never match)'
          : `No duplicate on ${keys.map((k) => k.key).join(', ')} within ${rule.days} days`,
    })

    // The client's address and browser are metadata, not fields, yet an audit condition may name them.
    const auditValues = w.client ? { ...w.values, ip_address: w.client.ip, user_agent: w.client.userAgent } : w.values
    const audit = auditDecision(category.auditRule, auditValues, w.sourceId, this.deps.random)
    if (audit.audit) {
      events.push({ stage: 'audit', kind: 'audit', message: `Held for audit: ${audit.reason}`, data: audit.data })
      return decision('Audit')
    }
    events.push({ stage: 'audit', kind: 'pass', message: audit.reason })
    const threshold = await this.threshold(db, snap, opts.processedAt)
    events.push(threshold.event)
    return decision(threshold.withheld ? 'Withheld' : null, threshold.processedAt)
  }

  /**
   * The category's duplicate rule applied to a lead's keys: the first key whose value an earlier
   * lead of the category received inside the window holds. Intake and imports both ask here.
   */
  async findDuplicate(
    db: Executor,
    category: CategoryConfig,
    keys: { key: string; value: string }[],
    now: number,
    beforeId: number | null,
  ): Promise<{ id: number; uuid: string; key: string; value: string } | null> {
    const since = windowStart(category.duplicateRule, now)
    for (const { key, value } of keys) {
      const dup = await this.repo.findDuplicate(db, category.id, key, value, since, beforeId)
      if (dup) return { ...dup, key, value }
    }
    return null
  }

  /**
   * Subscription threshold. A lead counts once per period: one that already passed (reprocessed,
   * resumed) is not counted again. The count moves here, in the caller's unit of work, by a guarded
   * UPDATE: however many processes take leads, no more than the threshold pass in a period.
   */
  async threshold(
    db: Executor,
    snap: Snapshot,
    processedAt: number | null,
  ): Promise<{ withheld: boolean; processedAt: number | null; event: TraceEvent }> {
    const now = this.deps.clock.now()
    const sub = snap.subscription
    const period = billingPeriod(now, sub.periodStartDay)
    if (processedAt !== null && processedAt >= period.start) {
      return {
        withheld: false,
        processedAt: null,
        event: { stage: 'threshold', kind: 'pass', message: 'Already counted in this period' },
      }
    }
    if (sub.threshold === null) {
      await this.config.usage.takeProcessed(db, period.start, null)
      return {
        withheld: false,
        processedAt: now,
        event: { stage: 'threshold', kind: 'pass', message: 'No subscription threshold' },
      }
    }
    const counted = await this.config.usage.takeProcessed(db, period.start, sub.threshold)
    // After the move: this lead included when it passed.
    const after = await this.config.usage.processed(db, period.start)
    const used = counted ? after - 1 : after
    const data = { used, threshold: sub.threshold, periodStart: period.start, periodEnd: period.end }
    if (!counted) {
      return {
        withheld: true,
        processedAt: null,
        event: {
          stage: 'threshold',
          kind: 'withheld',
          message: `Withheld: ${used}/${sub.threshold} leads processed this period`,
          data,
        },
      }
    }
    return {
      withheld: false,
      processedAt: now,
      event: {
        stage: 'threshold',
        kind: 'pass',
        message: `Lead ${used + 1} of ${sub.threshold} this period`,
        data: { ...data, used: used + 1 },
      },
    }
  }

  /** Writes a decision onto a lead that is already stored (reprocess, resume, release). */
  async apply(
    db: Executor,
    w: Working,
    d: Decision,
    stored: { categoryId: number | null; leadTypeId: number | null },
  ): Promise<boolean> {
    const now = this.deps.clock.now()
    if (stored.categoryId !== w.categoryId || stored.leadTypeId !== d.leadTypeId) {
      await this.repo.setClassification(db, w.id, w.categoryId, d.leadTypeId, now)
    }
    if (d.processedAt !== null) await this.repo.markProcessed(db, w.id, d.processedAt)
    if (d.status !== null) await this.repo.setStatus(db, w.id, d.status, now)
    await this.events(db, w.id, d.events)
    return d.status === null
  }

  async events(db: Executor, leadId: number, events: readonly TraceEvent[]): Promise<void> {
    await this.repo.events(db, leadId, this.deps.clock.now(), events)
  }

  /** The plan's stages for the lead from a stage kind (null = all), or null when it has no plan. */
  planStages(snap: Snapshot, w: Working, from: StageKind | null): Stage[] | null {
    const plan = planOf(snap, w.leadTypeId, w.categoryId)
    return plan ? stagesFrom(plan.stages, from) : null
  }

  /**
   * Runs synchronous stages from `start` until one places the lead or a network stage comes up.
   * Returns the index of that network stage (the lead is left Pending, resumable), or null when the
   * lead's outcome is written. Call in a unit of work.
   */
  async syncStages(
    db: Executor,
    w: Working,
    snap: Snapshot,
    stages: readonly Stage[],
    start: number,
    reasons: string[],
  ): Promise<number | null> {
    for (let i = start; i < stages.length; i++) {
      const stage = stages[i]
      if (!stage) continue
      if (ASYNC_STAGES.has(stage.kind)) {
        await this.repo.setStatus(db, w.id, 'Pending', this.deps.clock.now(), 'plan')
        return i
      }
      const outcome = await this.guarded(db, w, stage.kind, () =>
        this.outcomes.atomic.run(db, (db) =>
          stage.kind === 'bidding'
            ? this.stages.bidding(db, w, snap)
            : stage.kind === 'marketplace'
              ? this.stages.marketplace(db, w, stage)
              : Promise.resolve({ placed: false, reason: `${stage.kind}: not a synchronous stage` }),
        ),
      )
      if (outcome === null || outcome.placed) return null
      reasons.push(outcome.reason)
    }
    await this.outcomes.unassigned(db, {
      leadId: w.id,
      stage: null,
      message: reasons.length > 0 ? `Unassigned: ${reasons.join('; ')}` : 'Unassigned: the plan has no stage to run',
      data: { reasons },
    })
    return null
  }

  /** Network stages and whatever follows them; each outcome commits in its own unit of work. */
  async asyncStages(
    w: Working,
    snap: Snapshot,
    stages: readonly Stage[],
    index: number,
    reasons: string[],
  ): Promise<void> {
    let i: number | null = index
    while (i !== null) {
      const stage = stages[i]
      if (!stage) return
      let commit: StageCommit
      try {
        commit =
          stage.kind === 'pingpost'
            ? await this.stages.pingpostStage(w, snap, stage, stages.length - i - 1)
            : stage.kind === 'direct_post'
              ? await this.stages.directPostStage(w, snap, stage, stages.length - i - 1)
              : () => Promise.resolve({ placed: false, reason: `${stage.kind}: not a network stage` })
      } catch (error) {
        await this.outcomes.unit((trx) => this.error(trx, w, stage.kind, error))
        return
      }
      const next: number = i + 1
      i = await this.outcomes.unit(async (trx) => {
        // Someone else may have settled the lead meanwhile (deleted, or an operator action).
        const current = await this.repo.byId(trx, w.id)
        if (!current || current.status !== 'Pending') return null
        const outcome = await this.guarded(trx, w, stage.kind, () => inTransaction(trx, commit))
        if (outcome === null || outcome.placed) return null
        reasons.push(outcome.reason)
        return this.syncStages(trx, w, snap, stages, next, reasons)
      })
    }
  }

  /** Runs a stage; an unexpected failure becomes Distribution Error with nothing else changed. */
  private async guarded(
    db: Executor,
    w: Working,
    stage: StageKind,
    run: () => Promise<StageOutcome>,
  ): Promise<StageOutcome | null> {
    // Optimistic group: let the failure abort the group; it is retried lead by lead.
    if (this.outcomes.atomic.isOptimistic(db)) return run()
    try {
      return await run()
    } catch (error) {
      await this.error(db, w, stage, error)
      return null
    }
  }

  async error(db: Executor, w: Working, stage: string, error: unknown): Promise<void> {
    const now = this.deps.clock.now()
    const message = error instanceof Error ? error.message : String(error)
    await this.repo.setStatus(db, w.id, 'Distribution Error', now)
    this.outcomes.last = { leadId: w.id, status: 'Distribution Error', priceCents: null }
    await this.repo.event(db, w.id, now, stage, 'error', `Distribution error in ${stage}: ${message}`, {
      error: message,
      name: error instanceof Error ? error.name : null,
    })
    this.outcomes.changed()
  }

  async status(db: Executor, id: number): Promise<LeadStatus | null> {
    return (await this.repo.byId(db, id))?.status ?? null
  }
}
