import type { BuyOrderInput, BuyOrderRow, BuyQuote } from '../../../shared/api/auctions'
import { conflict, invalidState, notFound, validation } from '../../../shared/api/errors'
import type { Stage } from '../../../shared/domain/config'
import type { Executor } from '../../db/executor'
import { inTransaction } from '../../db/transaction'
import { matchesGroup } from '../../engine/conditions'
import { type ListingRow, MarketplaceRepository } from '../../db/repositories/marketplace'
import { PingpostRepository } from '../../db/repositories/pingpost'
import type { AuditLog } from '../audit-log'
import { Ticker } from '../ticker'
import type { Actor, Deps } from '../deps'
import type { HttpCall } from '../partners/http'
import { directPost } from '../partners/pingpost'
import { money, partnerFromRow } from '../partners/types'
import type { OutcomesPort } from './outcomes-port'
import { type AuctionTerms, closesAt, currentPrice, reachesAt } from './price'

export type MarketplaceStage = Extract<Stage, { kind: 'marketplace' }>

export interface TickResult {
  sold: number
  posted: number
  unassigned: number
}

function termsOf(l: ListingRow): AuctionTerms {
  return {
    startPriceCents: l.start_price_cents ?? 0,
    floorPriceCents: l.floor_price_cents ?? 0,
    decrementCents: l.decrement_cents ?? 0,
    intervalMs: l.interval_ms ?? 60_000,
    openedAt: l.opened_at,
  }
}

function termsOfStage(stage: MarketplaceStage, now: number): AuctionTerms {
  return {
    startPriceCents: stage.startPriceCents,
    floorPriceCents: Math.min(stage.floorPriceCents, stage.startPriceCents),
    decrementCents: stage.decrementCents,
    intervalMs: stage.intervalMinutes * 60_000,
    openedAt: now,
  }
}

/**
 * The marketplace's descending-price auction (SPEC §3 step 7). Listings are opened by the engine
 * inside its transaction; buy-now and standing buy orders assign through `outcomes`; `tick(now)`
 * settles what is due. Prices follow the injected clock, so tests step time instead of waiting.
 */
export class AuctionsService {
  readonly repo = new MarketplaceRepository()
  /** TRANSITIONAL: ping/post records are still written through the store (same connection). */
  private readonly pingpost: PingpostRepository
  /** The ticks asked for, one after the other. */
  private readonly ticker = new Ticker(
    (now: number) => this.settleAll(now),
    (error) => console.error('Marketplace settling failed:', error),
  )
  /** Orders already reported as unable to pay for a listing, so each tick does not repeat the event. */
  private readonly reported = new Map<number, Set<number>>()

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    private outcomesPort: OutcomesPort | null = null,
    /** Partner HTTP; tests may substitute it. */
    private readonly http?: HttpCall,
  ) {
    this.pingpost = new PingpostRepository(deps.ids)
  }

  /** Outcomes are built after the marketplace (they enqueue into it), so they are connected late. */
  connect(outcomes: OutcomesPort): void {
    this.outcomesPort = outcomes
  }

  private outcomes(): OutcomesPort {
    if (!this.outcomesPort) throw new Error('The marketplace is not connected to the distribution outcomes')
    return this.outcomesPort
  }

  /** Lists the lead in the engine's unit of work (`db`), which then writes `outcomes.listed`. */
  async open(
    db: Executor,
    leadId: number,
    stage: MarketplaceStage,
    now: number,
  ): Promise<{ listingId: number; closesAt: number }> {
    const terms = termsOfStage(stage, now)
    const closes = closesAt(terms)
    const listingId = await this.repo.insertAuction(db, {
      leadId,
      ...terms,
      directPostPartnerId: stage.directPostPartnerId,
      closesAt: closes,
    })
    return { listingId, closesAt: closes }
  }

  currentPrice(listing: ListingRow, now: number): number {
    return currentPrice(termsOf(listing), now)
  }

  /** What buying now would cost the customer: the current price and the wallet before and after. */
  async buyQuote(listingId: number, customerId: number): Promise<BuyQuote> {
    const now = this.deps.clock.now()
    const db = this.deps.db
    const listing = await this.repo.listing(db, listingId)
    if (!listing || listing.kind !== 'auction') throw notFound('Listing')
    if (listing.status === 'sold') throw conflict('This lead was already sold')
    if (listing.status !== 'open' || now >= (listing.closes_at ?? Infinity)) throw conflict('This listing has closed')
    const customer = await this.repo.customer(db, customerId)
    if (!customer) throw notFound('Customer')
    if (!customer.active) throw invalidState(`${customer.name} is inactive`)
    const priceCents = this.currentPrice(listing, now)
    return {
      listingId,
      customerId,
      customerName: customer.name,
      priceCents,
      balanceCents: customer.balanceCents,
      balanceAfterCents: customer.balanceCents - priceCents,
    }
  }

  /**
   * A customer takes the lead at the current price (an operator acting for them); the charge
   * records the operator. `maxPriceCents` is the price the operator confirmed: the price only
   * falls, but a listing that changed meanwhile must not charge more than was agreed.
   */
  async buyNow(
    actor: Actor,
    listingId: number,
    customerId: number,
    maxPriceCents?: number,
  ): Promise<{ leadId: number; priceCents: number; balanceCents: number }> {
    const now = this.deps.clock.now()
    const result = await inTransaction(this.deps.db, async (trx) => {
      const listing = await this.repo.listing(trx, listingId)
      if (!listing || listing.kind !== 'auction') throw notFound('Listing')
      // A standing order that reached its maximum earlier has the better claim.
      if (listing.status === 'open') await this.settleOrders(trx, listing, now)
      const fresh = await this.repo.listing(trx, listingId)
      if (fresh?.status === 'sold') throw conflict('This lead was already sold')
      if (fresh?.status !== 'open' || now >= (listing.closes_at ?? Infinity)) throw conflict('This listing has closed')
      const customer = await this.repo.customer(trx, customerId)
      if (!customer) throw notFound('Customer')
      if (!customer.active) throw invalidState(`${customer.name} is inactive`)
      const priceCents = this.currentPrice(listing, now)
      if (maxPriceCents !== undefined && priceCents > maxPriceCents)
        throw conflict(`The price is now ${money(priceCents)}, above the ${money(maxPriceCents)} confirmed`)
      if (customer.balanceCents < priceCents)
        throw invalidState(`Wallet ${money(customer.balanceCents)} is below the price ${money(priceCents)}`)
      // Guarded: a buyer (or an order) that closed it first wins; the wallet is guarded by the charge.
      if (!(await this.repo.close(trx, listingId, 'open', 'sold', now, { customerId, priceCents })))
        throw conflict('This lead was already sold')
      await this.outcomes().assign(trx, {
        leadId: listing.lead_id,
        customerId,
        bidId: null,
        priceCents,
        stage: 'marketplace',
        message: `Bought now by ${customer.name} at ${money(priceCents)}`,
        data: { listingId, customerId, priceCents, userId: actor.id },
        userId: actor.id,
      })
      await this.auditLog.write(
        trx,
        actor,
        'marketplace.buy',
        { type: 'listing', id: listingId },
        `Bought for ${customer.name} at ${money(priceCents)}`,
        { after: { leadId: listing.lead_id, customerId, priceCents } },
      )
      return { leadId: listing.lead_id, priceCents, balanceCents: customer.balanceCents - priceCents }
    })
    this.deps.events.emit('changed', { areas: ['leads', 'marketplace', 'wallets', 'customers'] })
    return result
  }

  /** Settles every auction due at `now`; ticks run one at a time, in the order asked. */
  tick(now = this.deps.clock.now()): Promise<TickResult> {
    return this.ticker.tick(now)
  }

  /** Settles on a timer; a turn that comes while a tick is still under way is skipped. */
  start(intervalMs = 5_000): void {
    this.ticker.start(intervalMs, () => this.deps.clock.now())
  }

  /** Stops the timer and waits for a tick under way. */
  async stop(): Promise<void> {
    await this.ticker.stop()
  }

  // Buy orders (settings.manage)

  async listOrders(): Promise<BuyOrderRow[]> {
    return this.repo.listOrders(this.deps.db)
  }

  async saveOrder(actor: Actor, input: BuyOrderInput): Promise<BuyOrderRow> {
    const saved = await inTransaction(this.deps.db, async (trx) => {
      const before = input.id === undefined ? undefined : await this.repo.order(trx, input.id)
      if (input.id !== undefined && !before) throw notFound('Buy order')
      const problems: Record<string, string> = {}
      if (!(await this.repo.exists(trx, 'customers', input.customerId))) problems.customerId = 'Unknown customer'
      if (!(await this.repo.exists(trx, 'lead_types', input.leadTypeId))) problems.leadTypeId = 'Unknown lead type'
      if (Object.keys(problems).length > 0) throw validation(problems)
      const id = await this.repo.saveOrder(trx, { ...input, now: this.deps.clock.now() })
      await this.auditLog.write(
        trx,
        actor,
        before ? 'buyOrder.update' : 'buyOrder.create',
        { type: 'buyOrder', id },
        `${before ? 'Changed' : 'Created'} a buy order up to ${money(input.maxPriceCents)}`,
        { before, after: input },
      )
      return this.repo.order(trx, id)
    })
    this.deps.events.emit('changed', { areas: ['buyOrders'] })
    if (!saved) throw notFound('Buy order')
    return saved
  }

  async deleteOrder(actor: Actor, id: number): Promise<void> {
    await inTransaction(this.deps.db, async (trx) => {
      const before = await this.repo.order(trx, id)
      if (!before || !(await this.repo.deleteOrder(trx, id))) throw notFound('Buy order')
      await this.auditLog.write(trx, actor, 'buyOrder.delete', { type: 'buyOrder', id }, 'Deleted a buy order', {
        before,
      })
    })
    this.deps.events.emit('changed', { areas: ['buyOrders'] })
  }

  // Settling

  private async settleAll(now: number): Promise<TickResult> {
    const result: TickResult = { sold: 0, posted: 0, unassigned: 0 }
    for (const listing of await this.repo.auctionsToSettle(this.deps.db)) {
      try {
        const outcome = await this.settleOne(listing, now)
        if (outcome) result[outcome] += 1
      } catch (error) {
        // One listing that cannot be settled (its transaction rolled back) must not hold up the
        // others; it is tried again on the next tick.
        console.error(`Marketplace listing ${listing.id} could not be settled:`, error)
      }
    }
    if (result.sold + result.posted + result.unassigned > 0)
      this.deps.events.emit('changed', { areas: ['leads', 'marketplace', 'wallets'] })
    return result
  }

  private async settleOne(listing: ListingRow, now: number): Promise<keyof TickResult | null> {
    if (listing.status === 'open') {
      if (await inTransaction(this.deps.db, (trx) => this.settleOrders(trx, listing, now))) {
        this.reported.delete(listing.id)
        return 'sold'
      }
      if (now < (listing.closes_at ?? Infinity)) return null
      this.reported.delete(listing.id)
      if (!(await this.repo.close(this.deps.db, listing.id, 'open', 'expired', now))) return null
    }
    return this.expire(listing)
  }

  /**
   * Gives the listing to the standing order whose maximum the price reached first (the highest
   * maximum; equal maximums go to the oldest order), at the price it had at that moment.
   * Orders whose customer cannot pay are passed over with an event. Runs in the caller's unit of work.
   */
  private async settleOrders(db: Executor, listing: ListingRow, now: number): Promise<boolean> {
    const lead = await this.repo.lead(db, listing.lead_id)
    if (!lead || lead.status !== 'Marketplace') {
      await this.repo.close(db, listing.id, 'open', 'cancelled', now)
      return false
    }
    if (lead.leadTypeId === null) return false
    const terms = termsOf(listing)
    const closes = listing.closes_at ?? Infinity
    const candidates = (await this.repo.ordersFor(db, lead.leadTypeId))
      .flatMap((order) => {
        const reached = reachesAt(terms, order.maxPriceCents)
        if (!reached) return []
        // An order placed after the price passed its maximum takes the listing from its creation,
        // at the price of that moment: it never pays for a step that happened before it existed.
        const at = Math.max(reached.at, order.createdAt)
        return at <= now && at < closes ? [{ order, at, priceCents: currentPrice(terms, at) }] : []
      })
      // First to be reached wins (the highest maximum, on a falling price); then the older order.
      .sort((a, b) => a.at - b.at || b.order.maxPriceCents - a.order.maxPriceCents || a.order.id - b.order.id)
    for (const { order, priceCents } of candidates) {
      if (!matchesGroup(order.filters, lead.fields)) continue
      const customer = await this.repo.customer(db, order.customerId)
      if (!customer) continue
      if (customer.balanceCents < priceCents) {
        const seen = this.reported.get(listing.id) ?? new Set<number>()
        if (seen.has(order.id)) continue
        this.reported.set(listing.id, seen.add(order.id))
        await this.outcomes().event(
          db,
          lead.id,
          'marketplace',
          'buy_order_skipped',
          `Buy order #${order.id} of ${customer.name}: wallet ${money(customer.balanceCents)} < price ${money(priceCents)}`,
          { buyOrderId: order.id, balanceCents: customer.balanceCents, priceCents },
        )
        continue
      }
      // Guarded: a listing someone else closed meanwhile is not sold twice.
      if (!(await this.repo.close(db, listing.id, 'open', 'sold', now, { customerId: customer.id, priceCents })))
        return false
      await this.outcomes().assign(db, {
        leadId: lead.id,
        customerId: customer.id,
        bidId: null,
        priceCents: priceCents,
        stage: 'marketplace',
        message: `Taken by the buy order #${order.id} of ${customer.name} at ${money(priceCents)} (maximum ${money(order.maxPriceCents)})`,
        data: { listingId: listing.id, buyOrderId: order.id, priceCents },
      })
      return true
    }
    return false
  }

  /** Unsold at the floor: post to the stage's partner if it names one, else Unassigned. */
  private async expire(listing: ListingRow): Promise<'posted' | 'unassigned' | null> {
    const lead = await this.repo.lead(this.deps.db, listing.lead_id)
    if (!lead || lead.status !== 'Marketplace') return null
    const floor = money(listing.floor_price_cents ?? 0)
    const partnerRow =
      listing.direct_post_partner_id === null
        ? undefined
        : await this.pingpost.partner(this.deps.db, listing.direct_post_partner_id)
    const partner = partnerRow ? partnerFromRow(partnerRow) : null
    if (!partner || !partner.active) {
      const why =
        listing.direct_post_partner_id === null
          ? 'no direct-post partner'
          : 'the direct-post partner is missing or inactive'
      await inTransaction(this.deps.db, (trx) =>
        this.outcomes().unassigned(trx, {
          leadId: lead.id,
          stage: 'marketplace',
          message: `Unsold at the floor ${floor}; ${why}`,
          data: { listingId: listing.id },
        }),
      )
      return 'unassigned'
    }
    // A post of an earlier try whose outcome never reached the lead (the process stopped): not sent twice.
    const earlier = (await this.pingpost.openPosts(this.deps.db, lead.id)).at(-1)
    if (earlier) {
      return inTransaction(this.deps.db, async (trx): Promise<'posted' | null> => {
        if (earlier.outcome === 'accepted') {
          await this.outcomes().posted(trx, {
            leadId: lead.id,
            partnerId: partner.id,
            priceCents: earlier.price_cents,
            postRecordId: earlier.id,
            stage: 'direct_post',
            message: `Unsold at the floor ${floor}; posted to ${partner.name} (its acceptance was stored before the app stopped)`,
            data: { listingId: listing.id, recordId: earlier.id },
          })
          return 'posted'
        }
        const why = 'the app stopped before its answer was stored'
        await this.pingpost.markUnknown(trx, earlier.id, `outcome unknown — ${why}`)
        await this.outcomes().outcomeUnknown(trx, {
          leadId: lead.id,
          partnerId: partner.id,
          postRecordId: earlier.id,
          priceCents: null,
          stage: 'direct_post',
          remaining: 0,
          message: `Outcome unknown: post to ${partner.name} — ${why}; not sent again, waiting for an operator to decide`,
        })
        return null
      })
    }
    // Network I/O outside any transaction; the outcome is written after. The post is stored before it goes out.
    const post = await directPost({
      lead: { uuid: lead.uuid, fields: lead.fields },
      partner,
      fetch: this.http,
      journal: this.pingpost.journal(this.deps.db, lead.id, () => this.deps.clock.now()),
    })
    return inTransaction(this.deps.db, async (trx): Promise<'posted' | 'unassigned' | null> => {
      const current = await this.repo.lead(trx, lead.id)
      const recordId =
        post.exchange.recordId ??
        (await this.pingpost.insertExchange(trx, lead.id, post.exchange, this.deps.clock.now()))
      if (!current || current.status !== 'Marketplace') return null
      for (const line of post.trace)
        await this.outcomes().event(trx, lead.id, 'direct_post', 'partner', line.message, line.data)
      if (post.unknown !== null) {
        await this.outcomes().outcomeUnknown(trx, {
          leadId: lead.id,
          partnerId: partner.id,
          postRecordId: recordId,
          priceCents: null,
          stage: 'direct_post',
          remaining: 0,
          message: `Outcome unknown: post to ${partner.name} — ${post.unknown}; waiting for an operator to decide`,
        })
        return null
      }
      if (post.posted) {
        await this.outcomes().posted(trx, {
          leadId: lead.id,
          partnerId: partner.id,
          priceCents: post.exchange.priceCents,
          postRecordId: recordId,
          stage: 'direct_post',
          message: `Unsold at the floor ${floor}; posted to ${partner.name}`,
          data: { listingId: listing.id, recordId },
        })
        return 'posted'
      }
      await this.outcomes().unassigned(trx, {
        leadId: lead.id,
        stage: 'direct_post',
        message: `Unsold at the floor ${floor}; ${partner.name} ${post.exchange.error ?? post.exchange.outcome}`,
        data: { listingId: listing.id, recordId },
      })
      return 'unassigned'
    })
  }
}
