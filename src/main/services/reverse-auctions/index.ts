import type { CloseOutcome, ListingRow, ListingStatus, OfferRow } from '../../../shared/api/marketplace'
import { AppError, notFound } from '../../../shared/api/errors'
import type { Page } from '../../../shared/domain/page'
import type { Executor } from '../../db/executor'
import {
  type ListingListRow,
  type ListingRecord,
  ReverseAuctionsRepository,
} from '../../db/repositories/reverse-auctions'
import { inTransaction } from '../../db/transaction'
import { money } from '../../engine/money'
import type { AuditLog } from '../audit-log'
import { Ticker } from '../ticker'
import type { OutcomesPort as PlacementPort } from '../marketplace/outcomes-port'
import type { Actor, Deps } from '../deps'
import type { Outcomes } from '../distribution/outcomes'

/** The placement writes this service needs from the engine (`services.outcomes`). */
export type OutcomesPort = Pick<PlacementPort, 'assign' | 'unassigned'>

function outcomesOf(services: object): OutcomesPort {
  const port: unknown = 'outcomes' in services ? services.outcomes : undefined
  if (typeof port === 'object' && port !== null && 'assign' in port && 'unassigned' in port) return port as Outcomes
  throw new AppError('INVALID_STATE', 'Distribution is not available in this build')
}

/** Listings settled per timer tick, so one tick never holds the event loop for long. */
const TICK_BATCH = 200

/**
 * Reverse auctions: an imported lead is listed for its customer; sources offer prices to supply
 * it; when the auction closes (deadline or an operator) the LOWEST offer wins — equal prices go
 * to the earliest offer. The win assigns the lead to the customer at the offer price (charged to
 * its wallet through the engine's outcomes) and records the source's payout on the lead.
 */
export class ReverseAuctionsService {
  readonly repo = new ReverseAuctionsRepository()
  /** The ticks asked for, one after the other. */
  private readonly ticker = new Ticker(
    (now: number) => this.closeDue(now),
    (error) => console.error('[reverse auctions] tick failed', error),
  )

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    private readonly services: () => object,
  ) {}

  async list(input: {
    kind: 'auction' | 'reverse'
    state: 'open' | 'closed'
    customerId?: number | undefined
    page: number
    pageSize: number
  }): Promise<Page<ListingRow>> {
    const now = this.deps.clock.now()
    const { total, rows } = await this.repo.list(this.deps.db, input)
    return { total, rows: rows.map((r) => toListing(r, now)) }
  }

  async offers(listingId: number): Promise<OfferRow[]> {
    if (!(await this.repo.listing(this.deps.db, listingId))) throw notFound('Listing')
    return this.repo.offers(this.deps.db, listingId)
  }

  async sources(): Promise<{ id: number; name: string }[]> {
    return this.repo.sources(this.deps.db)
  }

  /** The listing an intake offer names: by its id, or the open reverse auction of a lead (its uuid). */
  async findListing(by: { listingId: number } | { leadUuid: string }): Promise<ListingRecord | undefined> {
    return 'listingId' in by
      ? this.repo.listing(this.deps.db, by.listingId)
      : this.repo.openReverseByLeadUuid(this.deps.db, by.leadUuid)
  }

  /** An offer from a source (through the intake API) or entered by an operator on its behalf. */
  async offer(a: {
    listingId: number
    sourceId: number
    priceCents: number
    note?: string | undefined
    actor: Actor | null
  }): Promise<{
    offerId: number
  }> {
    const now = this.deps.clock.now()
    const offerId = await inTransaction(this.deps.db, async (trx) => {
      const listing = await this.repo.listing(trx, a.listingId)
      if (!listing || listing.kind !== 'reverse') throw notFound('Reverse auction')
      if (listing.status !== 'open' || (listing.closes_at !== null && listing.closes_at <= now)) {
        throw new AppError('INVALID_STATE', 'This reverse auction is closed; it takes no more offers')
      }
      const source = await this.repo.source(trx, a.sourceId)
      if (!source) throw notFound('Source')
      if (!source.active) throw new AppError('INVALID_STATE', `${source.name} is not active`)
      const id = await this.repo.insertOffer(trx, {
        listingId: listing.id,
        sourceId: source.id,
        userId: a.actor?.id ?? null,
        priceCents: a.priceCents,
        note: a.note ?? null,
        now,
      })
      if (a.actor) {
        await this.auditLog.write(
          trx,
          a.actor,
          'marketplace.offer',
          { type: 'listing', id: listing.id },
          `Entered an offer of ${money(a.priceCents)} from ${source.name}`,
          { after: { offerId: id, sourceId: source.id, priceCents: a.priceCents } },
        )
      }
      return id
    })
    this.deps.events.emit('changed', { areas: ['marketplace'] })
    return { offerId }
  }

  /** Closes one reverse auction now; `actor` null = its deadline passed. */
  async close(listingId: number, actor: Actor | null): Promise<CloseOutcome> {
    const outcomes = outcomesOf(this.services())
    const now = this.deps.clock.now()
    const outcome = await inTransaction(this.deps.db, async (trx): Promise<CloseOutcome> => {
      const listing = await this.repo.listing(trx, listingId)
      if (!listing || listing.kind !== 'reverse') throw notFound('Reverse auction')
      if (listing.status !== 'open') throw new AppError('INVALID_STATE', 'This reverse auction is already closed')
      const best = await this.repo.bestOffer(trx, listing.id)
      const customer = listing.customer_id === null ? undefined : await this.repo.customer(trx, listing.customer_id)
      const by = actor ? `closed by ${actor.name}` : 'deadline reached'
      let result: CloseOutcome
      if (!best) {
        const message = `Reverse auction closed (${by}) without offers`
        await this.settle(trx, {
          listingId: listing.id,
          status: 'expired',
          now,
          winnerCustomerId: null,
          winnerSourceId: null,
          priceCents: null,
        })
        await outcomes.unassigned(trx, { leadId: listing.lead_id, stage: 'marketplace', message })
        result = { status: 'expired', leadStatus: 'Unassigned', winnerSourceId: null, priceCents: null, message }
      } else if (!customer || !customer.active || customer.balance < best.price_cents) {
        const why = !customer
          ? 'the customer no longer exists'
          : !customer.active
            ? `${customer.name} is not active`
            : `wallet ${money(customer.balance)} < price ${money(best.price_cents)}`
        const message = `Reverse auction closed (${by}); the lowest offer of ${money(best.price_cents)} could not be accepted: ${why}`
        await this.settle(trx, {
          listingId: listing.id,
          status: 'closed',
          now,
          winnerCustomerId: null,
          winnerSourceId: null,
          priceCents: null,
        })
        await outcomes.unassigned(trx, {
          leadId: listing.lead_id,
          stage: 'marketplace',
          message,
          data: { offerId: best.id },
        })
        result = { status: 'closed', leadStatus: 'Unassigned', winnerSourceId: null, priceCents: null, message }
      } else {
        const source = best.source_id === null ? undefined : await this.repo.source(trx, best.source_id)
        const message = `Reverse auction won by ${source?.name ?? 'a source'} at ${money(best.price_cents)} (${by}); assigned to ${customer.name}`
        await this.settle(trx, {
          listingId: listing.id,
          status: 'sold',
          now,
          winnerCustomerId: customer.id,
          winnerSourceId: best.source_id,
          priceCents: best.price_cents,
        })
        // The wallet is guarded by the charge inside the assignment; a refusal rolls back the close.
        await outcomes.assign(trx, {
          leadId: listing.lead_id,
          customerId: customer.id,
          bidId: null,
          priceCents: best.price_cents,
          stage: 'marketplace',
          message,
          data: { listingId: listing.id, offerId: best.id, sourceId: best.source_id },
          userId: actor?.id ?? null,
        })
        await this.repo.recordPayout(trx, listing.lead_id, best.source_id, best.price_cents)
        result = {
          status: 'sold',
          leadStatus: 'Assigned',
          winnerSourceId: best.source_id,
          priceCents: best.price_cents,
          message,
        }
      }
      if (actor) {
        await this.auditLog.write(
          trx,
          actor,
          'marketplace.close',
          { type: 'listing', id: listing.id },
          result.message,
          {
            after: { status: result.status, priceCents: result.priceCents, winnerSourceId: result.winnerSourceId },
          },
        )
      }
      return result
    })
    this.deps.events.emit('changed', { areas: ['marketplace', 'leads'] })
    return outcome
  }

  /** Guarded close: a listing someone else closed meanwhile is refused, and the unit rolls back. */
  private async settle(db: Executor, a: Parameters<ReverseAuctionsRepository['settle']>[1]): Promise<void> {
    if ((await this.repo.settle(db, a)) === 0)
      throw new AppError('INVALID_STATE', 'This reverse auction is already closed')
  }

  /**
   * Settles every reverse auction whose deadline has passed; resolves to how many closed. Ticks
   * run one at a time, in the order asked.
   */
  tick(now: number = this.deps.clock.now()): Promise<number> {
    return this.ticker.tick(now)
  }

  /** Closes auctions at their deadline on a timer; a turn that comes while a tick is under way is skipped. */
  start(intervalMs = 30_000): void {
    this.ticker.start(intervalMs, () => this.deps.clock.now())
  }

  /** Stops the timer and waits for a tick under way. */
  async stop(): Promise<void> {
    await this.ticker.stop()
  }

  private async closeDue(now: number): Promise<number> {
    let closed = 0
    for (;;) {
      const due = await this.repo.dueReverse(this.deps.db, now, TICK_BATCH)
      let closedNow = 0
      for (const id of due) {
        try {
          await this.close(id, null)
          closedNow += 1
        } catch (error) {
          // One broken listing must not stop the others; it stays open and is retried next tick.
          if (!(error instanceof AppError)) throw error
        }
      }
      closed += closedNow
      if (due.length < TICK_BATCH || closedNow === 0) return closed
    }
  }
}

/** Descending price: start − decrement × elapsed intervals, never below the floor. */
function currentPrice(r: ListingListRow, now: number): number | null {
  if (r.kind !== 'auction' || r.start_price_cents === null) return null
  const floor = r.floor_price_cents ?? 0
  const steps = r.interval_ms ? Math.floor(Math.max(0, now - r.opened_at) / r.interval_ms) : 0
  return Math.max(floor, r.start_price_cents - (r.decrement_cents ?? 0) * steps)
}

function toListing(r: ListingListRow, now: number): ListingRow {
  const name = [r.first_name, r.last_name].filter(Boolean).join(' ')
  return {
    id: r.id,
    kind: r.kind,
    status: r.status as ListingStatus,
    leadId: r.lead_id,
    leadUuid: r.uuid,
    leadName: name || r.uuid.slice(0, 8),
    leadStatus: r.lead_status,
    categoryName: r.category_name,
    customerId: r.customer_id,
    customerName: r.customer_name,
    openedAt: r.opened_at,
    closesAt: r.closes_at,
    closedAt: r.closed_at,
    currentPriceCents: r.status === 'open' ? currentPrice(r, now) : null,
    startPriceCents: r.start_price_cents,
    floorPriceCents: r.floor_price_cents,
    offerCount: Number(r.offer_count ?? 0),
    bestOfferCents: r.best_offer ?? null,
    winnerCustomerName: r.winner_customer_name,
    winnerSourceName: r.winner_source_name,
    priceCents: r.price_cents,
  }
}
