import type { ListingKind, ListingRow, ListingStatus, OfferRow } from '../../../shared/api/marketplace'
import type { Store } from '../store'

export interface ListingRecord {
  id: number
  lead_id: number
  kind: ListingKind
  status: string
  customer_id: number | null
  closes_at: number | null
}

/** Marketplace listings and the offers sources make on reverse auctions. */
export class ReverseAuctionsRepository {
  constructor(private readonly store: Store) {}

  listing(id: number): ListingRecord | undefined {
    return this.store.first(
      this.store.q
        .selectFrom('marketplace_listings')
        .select(['id', 'lead_id', 'kind', 'status', 'customer_id', 'closes_at'])
        .where('id', '=', id),
    )
  }

  /** The open reverse auction of a lead (by its public uuid). */
  openReverseByLeadUuid(uuid: string): ListingRecord | undefined {
    return this.store.first(
      this.store.q
        .selectFrom('marketplace_listings as m')
        .innerJoin('leads as l', 'l.id', 'm.lead_id')
        .select(['m.id', 'm.lead_id', 'm.kind', 'm.status', 'm.customer_id', 'm.closes_at'])
        .where('l.uuid', '=', uuid)
        .where('m.kind', '=', 'reverse')
        .orderBy('m.id', 'desc'),
    )
  }

  /** Reverse auctions past their deadline, oldest deadline first. */
  dueReverse(now: number, limit: number): number[] {
    return this.store
      .all(
        this.store.q
          .selectFrom('marketplace_listings')
          .select('id')
          .where('status', '=', 'open')
          .where('kind', '=', 'reverse')
          .where('closes_at', '<=', now)
          .orderBy('closes_at')
          .orderBy('id')
          .limit(limit),
      )
      .map((r) => r.id)
  }

  insertOffer(o: {
    listingId: number
    sourceId: number
    userId: number | null
    priceCents: number
    note: string | null
    now: number
  }): number {
    const result = this.store.run(
      this.store.q.insertInto('reverse_offers').values({
        listing_id: o.listingId,
        source_id: o.sourceId,
        user_id: o.userId,
        price_cents: o.priceCents,
        note: o.note,
        created_at: o.now,
      }),
    )
    return Number(result.lastInsertRowid)
  }

  /** Lowest price wins; equal prices go to the earliest offer. */
  bestOffer(listingId: number): { id: number; source_id: number | null; price_cents: number } | undefined {
    return this.store.first(
      this.store.q
        .selectFrom('reverse_offers')
        .select(['id', 'source_id', 'price_cents'])
        .where('listing_id', '=', listingId)
        .orderBy('price_cents')
        .orderBy('id')
        .limit(1),
    )
  }

  offers(listingId: number): OfferRow[] {
    return this.store
      .all(
        this.store.q
          .selectFrom('reverse_offers as o')
          .leftJoin('sources as s', 's.id', 'o.source_id')
          .leftJoin('users as u', 'u.id', 'o.user_id')
          .select([
            'o.id',
            'o.source_id',
            's.name as source_name',
            'u.name as user_name',
            'o.price_cents',
            'o.note',
            'o.created_at',
          ])
          .where('o.listing_id', '=', listingId)
          .orderBy('o.price_cents')
          .orderBy('o.id'),
      )
      .map((r) => ({
        id: r.id,
        sourceId: r.source_id,
        sourceName: r.source_name,
        userName: r.user_name,
        priceCents: r.price_cents,
        note: r.note,
        createdAt: r.created_at,
      }))
  }

  source(id: number): { id: number; name: string; active: boolean } | undefined {
    const r = this.store.first(this.store.q.selectFrom('sources').select(['id', 'name', 'active']).where('id', '=', id))
    return r && { id: r.id, name: r.name, active: r.active === 1 }
  }

  sources(): { id: number; name: string }[] {
    return this.store.all(
      this.store.q.selectFrom('sources').select(['id', 'name']).where('active', '=', 1).orderBy('name'),
    )
  }

  customer(id: number): { id: number; name: string; active: boolean; balance: number } | undefined {
    const r = this.store.first(
      this.store.q.selectFrom('customers').select(['id', 'name', 'active', 'balance_cents']).where('id', '=', id),
    )
    return r && { id: r.id, name: r.name, active: r.active === 1, balance: r.balance_cents }
  }

  settle(a: {
    listingId: number
    status: ListingStatus
    now: number
    winnerCustomerId: number | null
    winnerSourceId: number | null
    priceCents: number | null
  }): number {
    return Number(
      this.store.run(
        this.store.q
          .updateTable('marketplace_listings')
          .set({
            status: a.status,
            closed_at: a.now,
            winner_customer_id: a.winnerCustomerId,
            winner_source_id: a.winnerSourceId,
            price_cents: a.priceCents,
          })
          .where('id', '=', a.listingId)
          .where('status', '=', 'open'),
      ).changes,
    )
  }

  /** The source is paid the offer price for the lead it fulfilled. */
  recordPayout(leadId: number, sourceId: number | null, priceCents: number): void {
    this.store.run(
      this.store.q
        .updateTable('leads')
        .set((eb) => ({ cost_cents: priceCents, source_id: eb.fn.coalesce('source_id', eb.val(sourceId)) }))
        .where('id', '=', leadId),
    )
  }

  list(input: {
    kind: ListingKind
    state: 'open' | 'closed'
    customerId?: number | undefined
    page: number
    pageSize: number
  }) {
    let q = this.store.q
      .selectFrom('marketplace_listings as m')
      .innerJoin('leads as l', 'l.id', 'm.lead_id')
      .where('m.kind', '=', input.kind)
    q = input.state === 'open' ? q.where('m.status', '=', 'open') : q.where('m.status', '!=', 'open')
    if (input.customerId !== undefined) q = q.where('m.customer_id', '=', input.customerId)
    const total = this.store.first(q.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0
    const rows = this.store.all(
      q
        .leftJoin('categories as c', 'c.id', 'l.category_id')
        .leftJoin('customers as cu', 'cu.id', 'm.customer_id')
        .leftJoin('customers as wc', 'wc.id', 'm.winner_customer_id')
        .leftJoin('sources as ws', 'ws.id', 'm.winner_source_id')
        .select((eb) => [
          'm.id',
          'm.kind',
          'm.status',
          'm.lead_id',
          'l.uuid',
          'l.first_name',
          'l.last_name',
          'l.status as lead_status',
          'c.name as category_name',
          'm.customer_id',
          'cu.name as customer_name',
          'm.opened_at',
          'm.closes_at',
          'm.closed_at',
          'm.start_price_cents',
          'm.floor_price_cents',
          'm.decrement_cents',
          'm.interval_ms',
          'wc.name as winner_customer_name',
          'ws.name as winner_source_name',
          'm.price_cents',
          eb
            .selectFrom('reverse_offers as o')
            .whereRef('o.listing_id', '=', 'm.id')
            .select((e) => e.fn.countAll<number>().as('n'))
            .as('offer_count'),
          eb
            .selectFrom('reverse_offers as o')
            .whereRef('o.listing_id', '=', 'm.id')
            .select((e) => e.fn.min<number>('o.price_cents').as('p'))
            .as('best_offer'),
        ])
        .orderBy(input.state === 'open' ? 'm.closes_at' : 'm.closed_at', input.state === 'open' ? 'asc' : 'desc')
        .orderBy('m.id')
        .limit(input.pageSize)
        .offset((input.page - 1) * input.pageSize),
    )
    return { total, rows }
  }
}

export type ListingListRow = ReturnType<ReverseAuctionsRepository['list']>['rows'][number]
export type { ListingRow }
