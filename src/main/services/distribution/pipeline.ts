import type { Stage } from '../../../shared/domain/config'
import type { LeadStatus, StageKind } from '../../../shared/domain/lead'
import { auditDecision } from '../../engine/audit'
import { describeDuplicate, duplicateKeys, windowStart } from '../../engine/duplicates'
import { billingPeriod } from '../../engine/periods'
import { stagesFrom, type StageOutcome } from '../../engine/plan'
import type { Deps } from '../deps'
import type { CategoryConfig, ConfigCache, Snapshot } from './config'
import { leadTypeOf, planOf } from './classification'
import type { Outcomes } from './outcomes'
import { ASYNC_STAGES, type StageRunner, type Working } from './stages'

/**
 * The steps between intake and the distribution plan, and the plan itself. Synchronous steps run
 * inside the caller's transaction; the plan stops at the first network stage and hands the rest
 * back, so that no transaction is held open across an HTTP call.
 */
export class Pipeline {
  constructor(
    private readonly deps: Deps,
    private readonly config: ConfigCache,
    private readonly outcomes: Outcomes,
    private readonly stages: StageRunner,
  ) {}

  private get repo() {
    return this.outcomes.repo
  }

  /** Lead type, duplicates, audit, threshold. Returns true when the lead goes on to its plan. */
  checks(
    w: Working,
    snap: Snapshot,
    category: CategoryConfig,
    opts: { reprocess: boolean; processedAt: number | null },
  ): boolean {
    const now = this.deps.clock.now()
    const type = leadTypeOf(category, w.values)
    w.leadTypeId = type.leadType?.id ?? null
    this.repo.setClassification(w.id, category.id, w.leadTypeId, now)
    w.categoryId = category.id
    if (!type.leadType) {
      this.repo.setStatus(w.id, 'Uncategorized', now)
      this.repo.event(w.id, now, 'classify', 'uncategorized', `Uncategorized: ${type.reason}`, {
        categoryId: category.id,
      })
      return false
    }
    this.repo.event(w.id, now, 'classify', 'classified', `${category.name} / ${type.leadType.name}: ${type.reason}`, {
      categoryId: category.id,
      leadTypeId: type.leadType.id,
    })

    const rule = category.duplicateRule
    const keys = duplicateKeys(rule, w.values)
    const since = windowStart(rule, now)
    for (const { key, value } of keys) {
      const dup = this.repo.findDuplicate(category.id, key, value, since, w.id)
      if (dup) {
        this.repo.setStatus(w.id, 'Duplicate', now)
        this.repo.event(w.id, now, 'duplicate', 'duplicate', describeDuplicate(dup.uuid, key, rule.days), {
          duplicateOf: dup.uuid,
          leadId: dup.id,
          key,
          value,
          days: rule.days,
        })
        return false
      }
    }
    this.repo.event(
      w.id,
      now,
      'duplicate',
      'pass',
      keys.length === 0
        ? rule.days <= 0
          ? 'Duplicate check off'
          : 'No duplicate keys to compare (empty values never match)'
        : `No duplicate on ${keys.map((k) => k.key).join(', ')} within ${rule.days} days`,
    )

    const audit = auditDecision(category.auditRule, w.values, w.sourceId, this.deps.random)
    if (audit.audit) {
      this.repo.setStatus(w.id, 'Audit', now)
      this.repo.event(w.id, now, 'audit', 'audit', `Held for audit: ${audit.reason}`, audit.data)
      return false
    }
    this.repo.event(w.id, now, 'audit', 'pass', audit.reason)
    return this.threshold(w, snap, opts.processedAt)
  }

  /**
   * Subscription threshold. A lead counts once per period: one that already passed (reprocessed,
   * resumed) is not counted again.
   */
  threshold(w: Working, snap: Snapshot, processedAt: number | null): boolean {
    const now = this.deps.clock.now()
    const sub = snap.subscription
    const period = billingPeriod(now, sub.periodStartDay)
    if (processedAt !== null && processedAt >= period.start) return true
    if (sub.threshold !== null) {
      const used = this.config.processedIn(period.start)
      if (used >= sub.threshold) {
        this.repo.setStatus(w.id, 'Withheld', now)
        this.repo.event(
          w.id,
          now,
          'threshold',
          'withheld',
          `Withheld: ${used}/${sub.threshold} leads processed this period`,
          {
            used,
            threshold: sub.threshold,
            periodStart: period.start,
            periodEnd: period.end,
          },
        )
        return false
      }
    }
    this.repo.markProcessed(w.id, now)
    this.config.countProcessed(period.start)
    if (sub.threshold !== null) {
      const used = this.config.processedIn(period.start)
      this.repo.event(w.id, now, 'threshold', 'pass', `Lead ${used} of ${sub.threshold} this period`, {
        used,
        threshold: sub.threshold,
      })
    }
    return true
  }

  /** The plan's stages for the lead from a stage kind (null = all), or null when it has no plan. */
  planStages(snap: Snapshot, w: Working, from: StageKind | null): Stage[] | null {
    const plan = planOf(snap, w.leadTypeId, w.categoryId)
    return plan ? stagesFrom(plan.stages, from) : null
  }

  /**
   * Runs synchronous stages from `start` until one places the lead or a network stage comes up.
   * Returns the index of that network stage (the lead is left Pending, resumable), or null when the
   * lead's outcome is written. Call inside a transaction.
   */
  syncStages(w: Working, snap: Snapshot, stages: readonly Stage[], start: number, reasons: string[]): number | null {
    for (let i = start; i < stages.length; i++) {
      const stage = stages[i]
      if (!stage) continue
      if (ASYNC_STAGES.has(stage.kind)) {
        this.repo.setStatus(w.id, 'Pending', this.deps.clock.now(), 'plan')
        return i
      }
      const outcome = this.guarded(w, stage.kind, () =>
        this.deps.store.transaction(() =>
          stage.kind === 'bidding'
            ? this.stages.bidding(w, snap)
            : stage.kind === 'marketplace'
              ? this.stages.marketplace(w, stage)
              : { placed: false, reason: `${stage.kind}: not a synchronous stage` },
        ),
      )
      if (outcome === null || outcome.placed) return null
      reasons.push(outcome.reason)
    }
    this.outcomes.unassigned({
      leadId: w.id,
      stage: null,
      message: reasons.length > 0 ? `Unassigned: ${reasons.join('; ')}` : 'Unassigned: the plan has no stage to run',
      data: { reasons },
    })
    return null
  }

  /** Network stages and whatever follows them; each outcome commits in its own transaction. */
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
      let commit: () => StageOutcome
      try {
        commit =
          stage.kind === 'pingpost'
            ? await this.stages.pingpostStage(w, snap, stage)
            : stage.kind === 'direct_post'
              ? await this.stages.directPostStage(w, snap, stage)
              : () => ({ placed: false, reason: `${stage.kind}: not a network stage` })
      } catch (error) {
        this.deps.store.transaction(() => this.error(w, stage.kind, error))
        return
      }
      const next: number = i + 1
      i = this.deps.store.transaction(() => {
        // Someone else may have settled the lead meanwhile (deleted, or an operator action).
        const current = this.repo.byId(w.id)
        if (!current || current.status !== 'Pending') return null
        const outcome = this.guarded(w, stage.kind, () => this.deps.store.transaction(commit))
        if (outcome === null || outcome.placed) return null
        reasons.push(outcome.reason)
        return this.syncStages(w, snap, stages, next, reasons)
      })
    }
  }

  /** Runs a stage; an unexpected failure becomes Distribution Error with nothing else changed. */
  private guarded(w: Working, stage: StageKind, run: () => StageOutcome): StageOutcome | null {
    try {
      return run()
    } catch (error) {
      this.error(w, stage, error)
      return null
    }
  }

  error(w: Working, stage: string, error: unknown): void {
    const now = this.deps.clock.now()
    const message = error instanceof Error ? error.message : String(error)
    this.repo.setStatus(w.id, 'Distribution Error', now)
    this.repo.event(w.id, now, stage, 'error', `Distribution error in ${stage}: ${message}`, {
      error: message,
      name: error instanceof Error ? error.name : null,
    })
    this.outcomes.changed()
  }

  status(id: number): LeadStatus | null {
    return this.repo.byId(id)?.status ?? null
  }
}
