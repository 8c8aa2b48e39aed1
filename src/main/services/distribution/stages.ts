import type { Stage } from '../../../shared/domain/config'
import type { StageKind } from '../../../shared/domain/lead'
import type { Executor } from '../../db/executor'
import { PingpostRepository } from '../../db/repositories/pingpost'
import { type BidRule, describeVerdict, runBidding } from '../../engine/bidding'
import { money } from '../../engine/money'
import type { StageOutcome } from '../../engine/plan'
import { directPost, runPingPost } from '../partners/pingpost'
import type { PostJournal } from '../partners/post-once'
import { partnerFromRow } from '../partners/types'
import type { TraceEvent } from '../../engine/types'
import type { Deps } from '../deps'
import type { ConfigCache, LeadTypeConfig, Snapshot } from './config'
import { type Outcomes, Refused } from './outcomes'
import { countOf } from '../../../shared/text/plural'

/** The marketplace auction, provided by the marketplace service when present. */
export interface AuctionsPort {
  open(db: Executor, leadId: number, stage: Extract<Stage, { kind: 'marketplace' }>, now: number): Promise<unknown>
}

/** A bid chosen to take the lead, with the words the trace gives it. */
export interface Award {
  customerId: number
  customerName: string
  bidId: number
  priceCents: number
  message: string
  data?: unknown
}

/** What bidding decided before anything is written. */
export interface BidPlan {
  events: TraceEvent[]
  award: Award | null
  /**
   * The next eligible bids, best first, whose wallets covered their price when read: tried in turn
   * when a database guard turns the award down at assignment (a cap, budget or wallet another
   * process filled meanwhile).
   */
  fallbacks: Award[]
  reason: string
}

/** A lead on its way through the plan. */
export interface Working {
  id: number
  uuid: string
  sourceId: number | null
  categoryId: number | null
  leadTypeId: number | null
  values: Record<string, unknown>
  preferredBid?: { bidId: number; priceCents: number } | null
  /** The operator whose action sent the lead through (reprocess, audit approval): its charge names them. */
  userId?: number | null
  /** The consumer's IP address and user agent; audit conditions may test them. */
  client?: { ip: string | null; userAgent: string | null } | null
}

export const ASYNC_STAGES: ReadonlySet<StageKind> = new Set(['pingpost', 'direct_post'])

/** What a network stage brought back, written in a unit of work after the calls. */
export type StageCommit = (db: Executor) => Promise<StageOutcome>

/** The customers bidding on a lead type (read once per snapshot): their wallets are read together. */
const bidders = new WeakMap<readonly BidRule[], number[]>()
function biddersOf(type: LeadTypeConfig): number[] {
  let ids = bidders.get(type.bids)
  if (!ids) {
    ids = [...new Set(type.bids.map((b) => b.customerId))]
    bidders.set(type.bids, ids)
  }
  return ids
}

/**
 * The four stage kinds. Bidding and marketplace listing are synchronous and run inside the
 * caller's transaction; ping/post and direct post talk to partners over the network, so they run
 * outside any transaction and commit what came back afterwards.
 */
export class StageRunner {
  private readonly pingpost: PingpostRepository

  constructor(
    private readonly deps: Deps,
    private readonly config: ConfigCache,
    private readonly outcomes: Outcomes,
    private readonly auctions: () => AuctionsPort | null,
  ) {
    this.pingpost = new PingpostRepository(deps.ids)
  }

  /** Bidding: every bid of the lead type checked, the best eligible one assigned and charged. */
  async bidding(db: Executor, w: Working, snap: Snapshot): Promise<StageOutcome> {
    return this.commitBidding(db, w, await this.bid(db, w, snap), false)
  }

  /**
   * Bidding without writing: every bid of the lead type checked and the award chosen. The intake
   * path uses it before the lead is stored, so a lead that wins is stored already assigned.
   */
  async bid(db: Executor, w: Working, snap: Snapshot): Promise<BidPlan> {
    const type = w.leadTypeId === null ? undefined : snap.leadTypesById.get(w.leadTypeId)
    if (!type) return { events: [], award: null, fallbacks: [], reason: 'bidding: the lead has no lead type' }
    if (type.bids.length === 0) {
      return {
        events: [{ stage: 'bidding', kind: 'no_bids', message: `No bids on ${type.name}` }],
        award: null,
        fallbacks: [],
        reason: `bidding: no bids on ${type.name}`,
      }
    }
    // The wallets of the type's bidders and the bids' usage, read first (the rules are pure and
    // ask synchronously).
    const balances = await this.outcomes.repo.balances(db, biddersOf(type))
    const now = this.deps.clock.now()
    const usage = await this.config.usage.of(db, type.bids, now)
    const result = runBidding(
      type.bids,
      {
        now,
        leadTypeId: type.id,
        values: w.values,
        customerActive: (id) => snap.customers.get(id)?.active ?? false,
        usage,
        balance: (id) => balances.get(id) ?? 0,
      },
      (customerId) => this.config.lastWonAt(customerId),
    )
    const fallbacksAfter = (bidId: number): Award[] =>
      result.ranked
        .filter((b) => b.id !== bidId && (balances.get(b.customerId) ?? 0) >= b.priceCents)
        .map((b) => ({
          customerId: b.customerId,
          customerName: b.customerName,
          bidId: b.id,
          priceCents: b.priceCents,
          message: `Assigned to ${b.customerName} at ${money(b.priceCents)} (bid #${b.id}): the best eligible bid left`,
        }))
    const eligible = result.verdicts.filter((v) => v.eligible).length
    const events: TraceEvent[] = [
      {
        stage: 'bidding',
        kind: 'bids',
        message: [
          `${eligible} of ${countOf(result.verdicts.length, 'bid')} eligible`,
          ...result.verdicts.map(describeVerdict),
        ].join('\n'),
        data: {
          // The words are in the message, one line per bid; the data keeps what a screen filters on.
          bids: result.verdicts.map((v) => ({
            bidId: v.bidId,
            customerId: v.customerId,
            priceCents: v.priceCents,
            eligible: v.eligible,
            check: v.check ?? null,
            ...(v.values ? { values: v.values } : {}),
          })),
        },
      },
    ]
    // An inbound post keeps the price its ping was quoted, if that bid is still eligible.
    const pinged = w.preferredBid ?? null
    if (pinged) {
      const preferred = result.verdicts.find((v) => v.bidId === pinged.bidId && v.eligible)
      if (preferred && (balances.get(preferred.customerId) ?? 0) >= pinged.priceCents) {
        return {
          events,
          award: {
            customerId: preferred.customerId,
            customerName: preferred.customerName,
            bidId: preferred.bidId,
            priceCents: pinged.priceCents,
            message: `Assigned to ${preferred.customerName} at the pinged price ${money(pinged.priceCents)} (bid #${preferred.bidId})`,
            data: { pinged: true },
          },
          fallbacks: fallbacksAfter(preferred.bidId),
          reason: '',
        }
      }
      events.push({
        stage: 'bidding',
        kind: 'ping_bid_lost',
        message: `Pinged bid #${pinged.bidId} is no longer eligible; bidding again`,
      })
    }
    const winner = result.winner
    if (!winner) {
      return {
        events,
        award: null,
        fallbacks: [],
        reason: `bidding: no eligible bid (${result.verdicts.length} considered)`,
      }
    }
    const rivals = result.verdicts.filter(
      (v) => v.eligible && v.bidId !== winner.bidId && v.priceCents === winner.priceCents,
    )
    return {
      events,
      award: {
        customerId: winner.customerId,
        customerName: winner.customerName,
        bidId: winner.bidId,
        priceCents: winner.priceCents,
        message:
          `Assigned to ${winner.customerName} at ${money(winner.priceCents)} (bid #${winner.bidId}): highest eligible price` +
          (rivals.length > 0
            ? `; tie with ${countOf(rivals.length, 'other bid')} broken by priority, then least recent win`
            : ''),
      },
      fallbacks: fallbacksAfter(winner.bidId),
      reason: '',
    }
  }

  /**
   * Writes a bidding result; `stored` = the lead row was inserted already assigned to the award.
   * When a database guard turns the award down, the next eligible bid is tried, and the trace says
   * why; in an optimistic group the refusal aborts the group instead, which is then written again
   * lead by lead (each in a savepoint, where trying the next bid is possible).
   */
  async commitBidding(db: Executor, w: Working, plan: BidPlan, stored: boolean): Promise<StageOutcome> {
    for (const e of plan.events) await this.outcomes.event(db, w.id, e.stage, e.kind, e.message, e.data)
    if (!plan.award) return { placed: false, reason: plan.reason }
    for (const award of [plan.award, ...plan.fallbacks]) {
      try {
        await this.outcomes.assign(
          db,
          {
            leadId: w.id,
            customerId: award.customerId,
            bidId: award.bidId,
            priceCents: award.priceCents,
            stage: 'bidding',
            message: award.message,
            data: award.data,
            userId: w.userId ?? null,
          },
          { stored },
        )
        return { placed: true }
      } catch (error) {
        if (!(error instanceof Refused) || stored || this.outcomes.atomic.isOptimistic(db)) throw error
        await this.outcomes.event(
          db,
          w.id,
          'bidding',
          'refused',
          `Bid #${award.bidId} ${award.customerName} ${money(award.priceCents)}: refused at assignment: ${error.message}`,
          { bidId: award.bidId, customerId: award.customerId, guard: error.guard },
        )
      }
    }
    return {
      placed: false,
      reason: 'bidding: every eligible bid was refused at assignment (limits or wallets reached)',
    }
  }

  async marketplace(db: Executor, w: Working, stage: Extract<Stage, { kind: 'marketplace' }>): Promise<StageOutcome> {
    const auctions = this.auctions()
    if (!auctions) return { placed: false, reason: 'marketplace: not available' }
    await auctions.open(db, w.id, stage, this.deps.clock.now())
    await this.outcomes.listed(db, {
      leadId: w.id,
      message: `Listed on the marketplace at ${money(stage.startPriceCents)}, dropping ${money(stage.decrementCents)} every ${stage.intervalMinutes} min to ${money(stage.floorPriceCents)}`,
      data: { ...stage },
    })
    return { placed: true }
  }

  /** The post's evidence, each write committed on its own (no transaction is open during the calls). */
  private journal(leadId: number): PostJournal {
    return this.pingpost.journal(this.deps.db, leadId, () => this.deps.clock.now())
  }

  /**
   * Network part of ping/post; `commit` writes what came back (call it in a unit of work).
   * `remaining` = the stages of the plan after this one, kept with an unknown outcome so that
   * "not sold" can carry on from there.
   */
  async pingpostStage(
    w: Working,
    snap: Snapshot,
    stage: Extract<Stage, { kind: 'pingpost' }>,
    remaining = 0,
  ): Promise<StageCommit> {
    const wanted = new Set(stage.partnerIds)
    const partners = snap.partners
      .filter((p) => p.active === 1 && (wanted.size === 0 || wanted.has(p.id)))
      .map(partnerFromRow)
    if (partners.length === 0) return () => Promise.resolve({ placed: false, reason: 'ping/post: no active partner' })
    const result = await runPingPost({
      lead: { uuid: w.uuid, fields: w.values },
      partners,
      journal: this.journal(w.id),
    })
    return async (db) => {
      const now = this.deps.clock.now()
      const recordIds: number[] = []
      for (const x of result.exchanges)
        recordIds.push(x.recordId ?? (await this.pingpost.insertExchange(db, w.id, x, now)))
      for (const line of result.trace)
        await this.outcomes.event(db, w.id, 'pingpost', 'partner', line.message, line.data)
      if (result.unknown) {
        const name = partners.find((p) => p.id === result.unknown?.partnerId)?.name
        await this.outcomes.outcomeUnknown(db, {
          leadId: w.id,
          partnerId: result.unknown.partnerId,
          postRecordId: recordIds[result.unknown.postRecordIndex] ?? null,
          priceCents: result.unknown.priceCents,
          stage: 'pingpost',
          remaining,
          message: `Outcome unknown: post to ${name ?? `partner #${result.unknown.partnerId}`} — ${result.unknown.reason}; waiting for an operator to decide`,
        })
        return { placed: true }
      }
      if (!result.posted) return { placed: false, reason: 'ping/post: no partner took the lead' }
      const partner = partners.find((p) => p.id === result.posted?.partnerId)
      await this.outcomes.posted(db, {
        leadId: w.id,
        partnerId: result.posted.partnerId,
        priceCents: result.posted.priceCents,
        postRecordId: recordIds[result.posted.postRecordIndex] ?? null,
        stage: 'pingpost',
        message: `Posted to ${partner?.name ?? `partner #${result.posted.partnerId}`} at ${money(result.posted.priceCents)}`,
        data: { reference: result.posted.reference },
      })
      return { placed: true }
    }
  }

  async directPostStage(
    w: Working,
    snap: Snapshot,
    stage: Extract<Stage, { kind: 'direct_post' }>,
    remaining = 0,
  ): Promise<StageCommit> {
    const row = snap.partners.find((p) => p.id === stage.partnerId)
    if (!row || row.active !== 1) {
      return () =>
        Promise.resolve({
          placed: false,
          reason: `direct post: partner #${stage.partnerId} is missing or inactive`,
        })
    }
    const partner = partnerFromRow(row)
    const result = await directPost({ lead: { uuid: w.uuid, fields: w.values }, partner, journal: this.journal(w.id) })
    return async (db) => {
      const now = this.deps.clock.now()
      const recordId = result.exchange.recordId ?? (await this.pingpost.insertExchange(db, w.id, result.exchange, now))
      for (const line of result.trace)
        await this.outcomes.event(db, w.id, 'direct_post', 'partner', line.message, line.data)
      if (result.unknown !== null) {
        await this.outcomes.outcomeUnknown(db, {
          leadId: w.id,
          partnerId: partner.id,
          postRecordId: recordId,
          priceCents: null,
          stage: 'direct_post',
          remaining,
          message: `Outcome unknown: post to ${partner.name} — ${result.unknown}; waiting for an operator to decide`,
        })
        return { placed: true }
      }
      if (!result.posted) return { placed: false, reason: `direct post: ${partner.name} did not accept` }
      await this.outcomes.posted(db, {
        leadId: w.id,
        partnerId: partner.id,
        priceCents: result.exchange.priceCents,
        postRecordId: recordId,
        stage: 'direct_post',
        message: `Posted directly to ${partner.name}${result.exchange.priceCents !== null ? ` at ${money(result.exchange.priceCents)}` : ''}`,
        data: { reference: result.exchange.reference },
      })
      return { placed: true }
    }
  }
}
