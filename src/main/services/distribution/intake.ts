import type { Transaction } from 'kysely'
import { AppError, notFound } from '../../../shared/api/errors'
import type { Stage } from '../../../shared/domain/config'
import type { LeadStatus } from '../../../shared/domain/lead'
import type { DB } from '../../db/schema'
import { inTransaction } from '../../db/transaction'
import { splitValues, validateLead, type Values } from '../../engine/validate'
import type { AuditLog } from '../audit-log'
import type { Actor, Deps } from '../deps'
import { categoryAtIntake, leadTypeOf } from './classification'
import type { CategoryConfig, ConfigCache, Snapshot } from './config'
import type { Outcomes } from './outcomes'
import type { Decision, Pipeline, Tail } from './pipeline'
import type { Serial } from './serial'
import type { BidPlan, StageRunner, Working } from './stages'
import { type Answer, answerOf, workingOf } from './working'

export interface IngestRequest {
  sourceId: number | null
  categoryId?: number | null
  categorySlug?: string
  fields: Record<string, unknown>
  idempotencyKey?: string | null
  importBatchId?: number | null
  pingRecordId?: number | null
  preferredBid?: { bidId: number; priceCents: number } | null
  /** The consumer's IP address and user agent (intake API only). */
  client?: { ip: string | null; userAgent: string | null } | null
  /** false = store as Pending without distributing (imports that open reverse auctions). */
  distribute?: boolean
  actor?: Actor | null
}

export interface IngestResult extends Answer {
  replayed: boolean
}

interface Written {
  working: Working
  snap: Snapshot
  tail: Tail | null
  replayed: Answer | null
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

/**
 * Event-loop turns a group may wait while more leads keep arriving. Concurrent requests reach the
 * server a few hundred microseconds apart and each turn polls the sockets once, so a turn costs
 * microseconds, while a commit (the leads' index pages written to the WAL, the search index
 * flushed) costs ~0.3 ms plus ~0.03 ms per lead: fewer, fuller commits.
 */
const GATHER_TURNS = 2

/** New leads: validated at once, then written in groups that share a commit. */
export class IntakeQueue {
  private readonly queue: Queued[] = []
  private flushScheduled = false
  /** While a group gathers: the queue's length at the last turn and the turns waited. */
  private gathered = 0
  private turns = 0

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    private readonly config: ConfigCache,
    private readonly outcomes: Outcomes,
    private readonly pipeline: Pipeline,
    private readonly stages: StageRunner,
    private readonly serial: Serial,
  ) {}

  private get repo() {
    return this.outcomes.repo
  }

  /**
   * Validates, then queues the lead for the next group commit: leads that arrive together are
   * written in one transaction (each in its own savepoint, so one failing lead never takes the
   * others down) and every caller is answered after that commit. The work after a network stage,
   * if any, runs after the commit.
   */
  async ingest(req: IngestRequest): Promise<IngestResult> {
    const snap = await this.config.current()
    const key = req.idempotencyKey?.trim() || null
    if (key !== null && req.sourceId !== null) {
      const first = await this.repo.byIdempotencyKey(this.deps.db, req.sourceId, key)
      if (first) return { ...answerOf(first), replayed: true }
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
      setImmediate(() => this.gather())
    }
    const w = await written
    if (w.replayed) return { ...w.replayed, replayed: true }
    if (w.settled) return { id: w.working.id, uuid: w.working.uuid, ...w.settled, replayed: false }
    if (w.tail) await this.pipeline.finish(w.working, w.snap, w.tail)
    const lead = await this.repo.byId(this.deps.db, w.working.id)
    if (!lead) throw notFound('Lead')
    return { ...answerOf(lead), replayed: false }
  }

  /**
   * Lets the group fill for another event-loop turn while the last turn brought new leads, then
   * writes it. It never waits once a turn brings nothing new, the group is full, or GATHER_TURNS
   * turns have passed: a lone lead waits one turn more than it would without gathering.
   */
  private gather(): void {
    const n = this.queue.length
    if (n < GROUP_COMMIT && n > this.gathered && this.turns < GATHER_TURNS) {
      this.gathered = n
      this.turns++
      setImmediate(() => this.gather())
      return
    }
    this.gathered = 0
    this.turns = 0
    void this.flush()
  }

  /** Writes the queued leads, up to a group at a time, in one transaction (one group at a time). */
  private async flush(): Promise<void> {
    this.flushScheduled = false
    const batch = this.queue.splice(0, GROUP_COMMIT)
    if (this.queue.length > 0) {
      this.flushScheduled = true
      setImmediate(() => this.gather())
    }
    try {
      await this.serial.run(() => this.writeGroup(batch))
    } catch (error) {
      // Never expected (writeGroup answers every caller); no caller is left waiting if it happens.
      for (const item of batch) item.failed(error)
    }
  }

  private async writeGroup(batch: Queued[]): Promise<void> {
    // First try: the whole group in one transaction without savepoints.
    let written: Written[] | null = null
    try {
      written = await inTransaction(this.deps.db, (trx) =>
        this.outcomes.atomic.group(trx, async () => {
          const out: Written[] = []
          for (const item of batch) out.push(await this.write(trx, item))
          return out
        }),
      )
    } catch {
      // Written again below, lead by lead.
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
      await inTransaction(this.deps.db, async (trx) => {
        for (const item of batch) {
          try {
            results.push(await inTransaction(trx, (sp) => this.write(sp, item)))
          } catch (error) {
            results.push({ error })
          }
        }
      })
    } catch (error) {
      // The commit itself failed: nothing of the group is stored.
      for (const item of batch) item.failed(error)
      return
    }
    this.outcomes.changed()
    batch.forEach((item, i) => {
      const r = results[i]
      if (r === undefined || 'error' in r) item.failed(r?.error ?? new Error('Lead was not written'))
      else item.done(r)
    })
  }

  /** One lead, inside the group's transaction: stored once in its decided state, then the plan's head. */
  private async write(db: Transaction<DB>, item: Queued): Promise<Written> {
    const { req, key } = item
    const snap = this.config.get()
    if (key !== null && req.sourceId !== null) {
      // A retry that arrived in the same group as its first attempt.
      const first = await this.repo.byIdempotencyKey(db, req.sourceId, key)
      if (first) return { working: workingOf(first), snap, tail: null, replayed: answerOf(first), settled: null }
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
      client: req.client ?? null,
    }
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
      decision = await this.pipeline.decide(db, w, snap, item.category, { beforeId: null, processedAt: null })
    }
    // Optimistic intake with bidding first: decide the award before storing, so the lead is written
    // once, already assigned (the slow path stores it Pending and bids afterwards).
    let stages: Stage[] | null = null
    let preBid: BidPlan | null = null
    if (decision.status === null) {
      w.leadTypeId = decision.leadTypeId
      stages = this.pipeline.planStages(snap, w, null)
      if (this.outcomes.atomic.isOptimistic(db) && stages?.[0]?.kind === 'bidding')
        preBid = await this.stages.bid(db, w, snap)
    }
    w.id = await this.repo.insertLead(db, {
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
      client: req.client ?? null,
      now,
    })
    w.leadTypeId = decision.leadTypeId
    const source = req.sourceId === null ? null : snap.sources.get(req.sourceId)
    await this.repo.event(
      db,
      w.id,
      now,
      'intake',
      'received',
      `Received${source ? ` from ${source.name}` : req.actor ? ` from ${req.actor.name}` : ''}`,
      { sourceId: req.sourceId, importBatchId: req.importBatchId ?? null, pingRecordId: req.pingRecordId ?? null },
    )
    if (req.actor) {
      await this.auditLog.write(db, req.actor, 'lead.create', { type: 'lead', id: w.uuid }, 'Created a lead', {
        after: { ...contact, details },
      })
    }
    await this.pipeline.events(db, w.id, decision.events)
    if (decision.status !== null) {
      return { working: w, snap, tail: null, replayed: null, settled: { status: decision.status, priceCents: null } }
    }
    let tail: Tail | null
    if (preBid && stages) {
      const outcome = await this.stages.commitBidding(db, w, preBid, preBid.award !== null)
      const reasons = outcome.placed ? [] : [outcome.reason]
      const index = outcome.placed ? null : await this.pipeline.syncStages(db, w, snap, stages, 1, reasons)
      tail = index === null ? null : { stages, index, reasons }
    } else {
      tail = await this.pipeline.startPlan(db, w, snap, null)
    }
    const last = this.outcomes.last
    const settled = !tail && last?.leadId === w.id ? { status: last.status, priceCents: last.priceCents } : null
    return { working: w, snap, tail, replayed: null, settled }
  }
}
