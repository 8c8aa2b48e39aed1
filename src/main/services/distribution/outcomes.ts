import type { Transaction } from 'kysely'
import { AppError } from '../../../shared/api/errors'
import type { LeadStatus, StageKind } from '../../../shared/domain/lead'
import type { Executor } from '../../db/executor'
import { PipelineRepository } from '../../db/repositories/distribution/pipeline'
import type { DB } from '../../db/schema'
import { inTransaction } from '../../db/transaction'
import { money } from '../../engine/money'
import type { Deps } from '../deps'
import type { Atomic } from './atomic'
import type { ConfigCache } from './config'
import type { Serial } from './serial'

/**
 * An assignment a database guard turned down: a cap or budget filled, or the wallet ran short,
 * since bidding read them (another process, or another lead of the same group, took it first).
 * Nothing of the assignment is written; bidding tries the next bid.
 */
export class Refused extends AppError {
  constructor(
    readonly guard: 'limit' | 'wallet',
    message: string,
  ) {
    super('INVALID_STATE', message)
  }
}

/** Who gets told after an assignment commits (webhook delivery); optional so the engine runs without it. */
export interface DeliveryPort {
  enqueue(db: Executor, leadId: number): Promise<void>
}

/**
 * Every write of a placement goes through here, so that the status, the wallet, the cap counters
 * and the events always agree. Each method runs in the caller's unit of work `db`: a throw anywhere
 * rolls back the whole placement (no charge without an assignment, no assignment without a charge).
 */
export class Outcomes {
  readonly repo: PipelineRepository
  private changedScheduled = false
  /** The outcome written last, so the pipeline can answer its caller without reading the lead back. */
  last: { leadId: number; status: LeadStatus; priceCents: number | null } | null = null

  constructor(
    private readonly deps: Deps,
    private readonly config: ConfigCache,
    readonly atomic: Atomic,
    private readonly delivery: () => DeliveryPort | null,
    private readonly serial: Serial,
  ) {
    this.repo = new PipelineRepository(deps.dialect)
  }

  /**
   * One of the engine's units of work: a transaction on the workspace, run after the units before
   * it in this process (see `Serial`).
   */
  unit<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return this.serial.run(() => inTransaction(this.deps.db, fn))
  }

  async assign(
    db: Executor,
    a: {
      leadId: number
      customerId: number
      bidId: number | null
      priceCents: number
      stage: StageKind
      message: string
      data?: unknown
      /** The operator who placed the lead, recorded on the wallet charge; null for the engine. */
      userId?: number | null
    },
    opts: { stored?: boolean } = {},
  ): Promise<void> {
    const now = this.deps.clock.now()
    await this.atomic.run(db, async (db) => {
      // `stored`: the intake path inserted the lead already assigned to this award.
      if (
        !opts.stored &&
        (await this.repo.markAssigned(db, {
          id: a.leadId,
          customerId: a.customerId,
          bidId: a.bidId,
          priceCents: a.priceCents,
          now,
        })) === 0
      ) {
        throw new AppError('CONFLICT', 'This lead is already sold')
      }
      const bid = a.bidId === null ? undefined : this.config.get().bidsById.get(a.bidId)
      if (bid && !(await this.config.usage.take(db, bid, a.priceCents, now, a.leadId))) {
        throw new Refused('limit', `a cap or budget of bid #${bid.id} was reached meanwhile`)
      }
      if (!(await this.repo.charge(db, a.customerId, a.priceCents, a.leadId, now, a.userId ?? null))) {
        const balance = await this.repo.balance(db, a.customerId)
        throw new Refused('wallet', `Wallet balance ${money(balance)} is below the price ${money(a.priceCents)}`)
      }
      this.last = { leadId: a.leadId, status: 'Assigned', priceCents: a.priceCents }
      await this.repo.event(db, a.leadId, now, a.stage, 'assigned', a.message, {
        customerId: a.customerId,
        bidId: a.bidId,
        priceCents: a.priceCents,
        ...(a.data === undefined ? {} : { detail: a.data }),
      })
      // Customers without a delivery method read their leads in the app: nothing to send.
      if (this.config.get().customers.get(a.customerId)?.delivers !== false)
        await this.delivery()?.enqueue(db, a.leadId)
    })
    this.config.won(a.customerId, now)
    this.changed()
  }

  async posted(
    db: Executor,
    a: {
      leadId: number
      partnerId: number
      priceCents: number | null
      postRecordId: number | null
      stage: StageKind
      message: string
      data?: unknown
    },
  ): Promise<void> {
    const now = this.deps.clock.now()
    await this.atomic.run(db, async (db) => {
      const n = await this.repo.markPosted(db, {
        id: a.leadId,
        partnerId: a.partnerId,
        priceCents: a.priceCents,
        postRecordId: a.postRecordId,
        now,
      })
      if (n === 0) throw new AppError('CONFLICT', 'This lead is already sold')
      await this.repo.partnerLedger(db, {
        partnerId: a.partnerId,
        leadId: a.leadId,
        kind: 'sale',
        cents: a.priceCents ?? 0,
        userId: null,
        reason: null,
        now,
      })
      this.last = { leadId: a.leadId, status: 'Posted', priceCents: a.priceCents }
      await this.repo.event(db, a.leadId, now, a.stage, 'posted', a.message, {
        partnerId: a.partnerId,
        priceCents: a.priceCents,
        postRecordId: a.postRecordId,
        ...(a.data === undefined ? {} : { detail: a.data }),
      })
    })
    this.changed()
  }

  /**
   * A post that may have sold the lead: it stops here, out of the resume list, until an operator
   * decides. `remaining` = how many stages of the plan come after this one (for "not sold").
   */
  async outcomeUnknown(
    db: Executor,
    a: {
      leadId: number
      partnerId: number
      postRecordId: number | null
      priceCents: number | null
      stage: StageKind
      remaining: number
      message: string
    },
  ): Promise<void> {
    const now = this.deps.clock.now()
    await this.atomic.run(db, async (db) => {
      const n = await this.repo.markOutcomeUnknown(db, {
        id: a.leadId,
        partnerId: a.partnerId,
        postRecordId: a.postRecordId,
        now,
      })
      if (n === 0) throw new AppError('CONFLICT', 'This lead is no longer being distributed')
      this.last = { leadId: a.leadId, status: 'Outcome Unknown', priceCents: null }
      await this.repo.event(db, a.leadId, now, a.stage, 'outcome_unknown', a.message, {
        partnerId: a.partnerId,
        postRecordId: a.postRecordId,
        priceCents: a.priceCents,
        remaining: a.remaining,
      })
    })
    this.changed()
  }

  async listed(db: Executor, a: { leadId: number; message: string; data?: unknown }): Promise<void> {
    const now = this.deps.clock.now()
    await this.atomic.run(db, async (db) => {
      await this.repo.setStatus(db, a.leadId, 'Marketplace', now)
      this.last = { leadId: a.leadId, status: 'Marketplace', priceCents: null }
      await this.repo.event(db, a.leadId, now, 'marketplace', 'listed', a.message, a.data)
    })
    this.changed()
  }

  async unassigned(
    db: Executor,
    a: { leadId: number; stage: StageKind | null; message: string; data?: unknown },
  ): Promise<void> {
    const now = this.deps.clock.now()
    await this.atomic.run(db, async (db) => {
      await this.repo.setStatus(db, a.leadId, 'Unassigned', now)
      this.last = { leadId: a.leadId, status: 'Unassigned', priceCents: null }
      await this.repo.event(db, a.leadId, now, a.stage ?? 'plan', 'unassigned', a.message, a.data)
    })
    this.changed()
  }

  async event(
    db: Executor,
    leadId: number,
    stage: string,
    kind: string,
    message: string,
    data?: unknown,
  ): Promise<void> {
    await this.repo.event(db, leadId, this.deps.clock.now(), stage, kind, message, data)
  }

  /**
   * One `changed` push per burst of writes, not one per lead. Placements run inside their caller's
   * transaction, so the push goes out on a later turn of the event loop: on SQLite a unit of work
   * ends within its turn (it never waits for the network), so the push follows the commit; the
   * engine's own use cases also ask for it again once their unit has committed.
   */
  changed(): void {
    if (this.changedScheduled) return
    this.changedScheduled = true
    setImmediate(() => {
      this.changedScheduled = false
      this.deps.events.emit('changed', { areas: ['leads'] })
    })
  }
}
