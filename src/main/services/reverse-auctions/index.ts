import type { CloseOutcome, ListingRow, ListingStatus, OfferRow } from '../../../shared/api/marketplace'
import { AppError, notFound } from '../../../shared/api/errors'
import type { Page } from '../../../shared/domain/page'
import { type ListingListRow, ReverseAuctionsRepository } from '../../db/repositories/reverse-auctions'
import { money } from '../../engine/money'
import type { AuditLog } from '../audit-log'
import type { OutcomesPort as PlacementPort } from '../marketplace/outcomes-port'
import type { Actor, Deps } from '../deps'

/** The placement writes this service needs from the engine (`services.outcomes`). */
export type OutcomesPort = Pick<PlacementPort, 'assign' | 'unassigned'>

function outcomesOf(services: object): OutcomesPort {
  const port: unknown = 'outcomes' in services ? services.outcomes : undefined
  if (typeof port === 'object' && port !== null && 'assign' in port && 'unassigned' in port) return port as OutcomesPort
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
  readonly repo: ReverseAuctionsRepository

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    private readonly services: () => object,
  ) {
    this.repo = new ReverseAuctionsRepository(deps.store)
  }

  list(input: {
    kind: 'auction' | 'reverse'
    state: 'open' | 'closed'
    customerId?: number | undefined
    page: number
    pageSize: number
  }): Page<ListingRow> {
    const now = this.deps.clock.now()
    const { total, rows } = this.repo.list(input)
    return { total, rows: rows.map((r) => toListing(r, now)) }
  }

  offers(listingId: number): OfferRow[] {
    if (!this.repo.listing(listingId)) throw notFound('Listing')
    return this.repo.offers(listingId)
  }

  sources(): { id: number; name: string }[] {
    return this.repo.sources()
  }

  /** An offer from a source (through the intake API) or entered by an operator on its behalf. */
  offer(a: {
    listingId: number
    sourceId: number
    priceCents: number
    note?: string | undefined
    actor: Actor | null
  }): {
    offerId: number
  } {
    const now = this.deps.clock.now()
    const offerId = this.deps.store.transaction(() => {
      const listing = this.repo.listing(a.listingId)
      if (!listing || listing.kind !== 'reverse') throw notFound('Reverse auction')
      if (listing.status !== 'open' || (listing.closes_at !== null && listing.closes_at <= now)) {
        throw new AppError('INVALID_STATE', 'This reverse auction is closed; it takes no more offers')
      }
      const source = this.repo.source(a.sourceId)
      if (!source) throw notFound('Source')
      if (!source.active) throw new AppError('INVALID_STATE', `${source.name} is not active`)
      const id = this.repo.insertOffer({
        listingId: listing.id,
        sourceId: source.id,
        userId: a.actor?.id ?? null,
        priceCents: a.priceCents,
        note: a.note ?? null,
        now,
      })
      if (a.actor) {
        this.auditLog.record(
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
  close(listingId: number, actor: Actor | null): CloseOutcome {
    const outcomes = outcomesOf(this.services())
    const now = this.deps.clock.now()
    const outcome = this.deps.store.transaction((): CloseOutcome => {
      const listing = this.repo.listing(listingId)
      if (!listing || listing.kind !== 'reverse') throw notFound('Reverse auction')
      if (listing.status !== 'open') throw new AppError('INVALID_STATE', 'This reverse auction is already closed')
      const best = this.repo.bestOffer(listing.id)
      const customer = listing.customer_id === null ? undefined : this.repo.customer(listing.customer_id)
      const by = actor ? `closed by ${actor.name}` : 'deadline reached'
      let result: CloseOutcome
      if (!best) {
        const message = `Reverse auction closed (${by}) without offers`
        this.repo.settle({
          listingId: listing.id,
          status: 'expired',
          now,
          winnerCustomerId: null,
          winnerSourceId: null,
          priceCents: null,
        })
        outcomes.unassigned({ leadId: listing.lead_id, stage: 'marketplace', message })
        result = { status: 'expired', leadStatus: 'Unassigned', winnerSourceId: null, priceCents: null, message }
      } else if (!customer || !customer.active || customer.balance < best.price_cents) {
        const why = !customer
          ? 'the customer no longer exists'
          : !customer.active
            ? `${customer.name} is not active`
            : `wallet ${money(customer.balance)} < price ${money(best.price_cents)}`
        const message = `Reverse auction closed (${by}); the lowest offer of ${money(best.price_cents)} could not be accepted: ${why}`
        this.repo.settle({
          listingId: listing.id,
          status: 'closed',
          now,
          winnerCustomerId: null,
          winnerSourceId: null,
          priceCents: null,
        })
        outcomes.unassigned({ leadId: listing.lead_id, stage: 'marketplace', message, data: { offerId: best.id } })
        result = { status: 'closed', leadStatus: 'Unassigned', winnerSourceId: null, priceCents: null, message }
      } else {
        const source = best.source_id === null ? undefined : this.repo.source(best.source_id)
        const message = `Reverse auction won by ${source?.name ?? 'a source'} at ${money(best.price_cents)} (${by}); assigned to ${customer.name}`
        this.repo.settle({
          listingId: listing.id,
          status: 'sold',
          now,
          winnerCustomerId: customer.id,
          winnerSourceId: best.source_id,
          priceCents: best.price_cents,
        })
        outcomes.assign({
          leadId: listing.lead_id,
          customerId: customer.id,
          bidId: null,
          priceCents: best.price_cents,
          stage: 'marketplace',
          message,
          data: { listingId: listing.id, offerId: best.id, sourceId: best.source_id },
          userId: actor?.id ?? null,
        })
        this.repo.recordPayout(listing.lead_id, best.source_id, best.price_cents)
        result = {
          status: 'sold',
          leadStatus: 'Assigned',
          winnerSourceId: best.source_id,
          priceCents: best.price_cents,
          message,
        }
      }
      if (actor) {
        this.auditLog.record(actor, 'marketplace.close', { type: 'listing', id: listing.id }, result.message, {
          after: { status: result.status, priceCents: result.priceCents, winnerSourceId: result.winnerSourceId },
        })
      }
      return result
    })
    this.deps.events.emit('changed', { areas: ['marketplace', 'leads'] })
    return outcome
  }

  /** Settles every reverse auction whose deadline has passed; returns how many closed. */
  tick(now: number = this.deps.clock.now()): number {
    let closed = 0
    for (;;) {
      const due = this.repo.dueReverse(now, TICK_BATCH)
      let closedNow = 0
      for (const id of due) {
        try {
          this.close(id, null)
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
