import type { ListingKind, ListingRow, ListingStatus, OfferRow } from '../../../shared/api/marketplace'
import type { Executor } from '../executor'
import { affected } from '../transaction'

export interface ListingRecord {
  id: number
  lead_id: number
  kind: ListingKind
  status: string
  customer_id: number | null
  closes_at: number | null
}

/** Marketplace listings and the offers sources make on reverse auctions. Callers pass their executor. */
export class ReverseAuctionsRepository {
  async listing(db: Executor, id: number): Promise<ListingRecord | undefined> {
    return db
      .selectFrom('marketplace_listings')
      .select(['id', 'lead_id', 'kind', 'status', 'customer_id', 'closes_at'])
      .where('id', '=', id)
      .executeTakeFirst()
  }

  /** The open reverse auction of a lead (by its public uuid). */
  async openReverseByLeadUuid(db: Executor, uuid: string): Promise<ListingRecord | undefined> {
    return db
      .selectFrom('marketplace_listings as m')
      .innerJoin('leads as l', 'l.id', 'm.lead_id')
      .select(['m.id', 'm.lead_id', 'm.kind', 'm.status', 'm.customer_id', 'm.closes_at'])
      .where('l.uuid', '=', uuid)
      .where('m.kind', '=', 'reverse')
      .orderBy('m.id', 'desc')
      .executeTakeFirst()
  }

  /** Reverse auctions past their deadline, oldest deadline first. */
  async dueReverse(db: Executor, now: number, limit: number): Promise<number[]> {
    const rows = await db
      .selectFrom('marketplace_listings')
      .select('id')
      .where('status', '=', 'open')
      .where('kind', '=', 'reverse')
      .where('closes_at', '<=', now)
      .orderBy('closes_at')
      .orderBy('id')
      .limit(limit)
      .execute()
    return rows.map((r) => r.id)
  }

  async insertOffer(
    db: Executor,
    o: {
      listingId: number
      sourceId: number
      userId: number | null
      priceCents: number
      note: string | null
      now: number
    },
  ): Promise<number> {
    const row = await db
      .insertInto('reverse_offers')
      .values({
        listing_id: o.listingId,
        source_id: o.sourceId,
        user_id: o.userId,
        price_cents: o.priceCents,
        note: o.note,
        created_at: o.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return Number(row.id)
  }

  /** Lowest price wins; equal prices go to the earliest offer. */
  async bestOffer(
    db: Executor,
    listingId: number,
  ): Promise<{ id: number; source_id: number | null; price_cents: number } | undefined> {
    return db
      .selectFrom('reverse_offers')
      .select(['id', 'source_id', 'price_cents'])
      .where('listing_id', '=', listingId)
      .orderBy('price_cents')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst()
  }

  async offers(db: Executor, listingId: number): Promise<OfferRow[]> {
    const rows = await db
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
      .orderBy('o.id')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      sourceId: r.source_id,
      sourceName: r.source_name,
      userName: r.user_name,
      priceCents: r.price_cents,
      note: r.note,
      createdAt: r.created_at,
    }))
  }

  async source(db: Executor, id: number): Promise<{ id: number; name: string; active: boolean } | undefined> {
    const r = await db.selectFrom('sources').select(['id', 'name', 'active']).where('id', '=', id).executeTakeFirst()
    return r && { id: r.id, name: r.name, active: r.active === 1 }
  }

  async sources(db: Executor): Promise<{ id: number; name: string }[]> {
    return db.selectFrom('sources').select(['id', 'name']).where('active', '=', 1).orderBy('name').execute()
  }

  async customer(
    db: Executor,
    id: number,
  ): Promise<{ id: number; name: string; active: boolean; balance: number } | undefined> {
    const r = await db
      .selectFrom('customers')
      .select(['id', 'name', 'active', 'balance_cents'])
      .where('id', '=', id)
      .executeTakeFirst()
    return r && { id: r.id, name: r.name, active: r.active === 1, balance: r.balance_cents }
  }

  /** Closes an open listing; 0 when it was no longer open (someone else settled it first). */
  async settle(
    db: Executor,
    a: {
      listingId: number
      status: ListingStatus
      now: number
      winnerCustomerId: number | null
      winnerSourceId: number | null
      priceCents: number | null
    },
  ): Promise<number> {
    const result = await db
      .updateTable('marketplace_listings')
      .set({
        status: a.status,
        closed_at: a.now,
        winner_customer_id: a.winnerCustomerId,
        winner_source_id: a.winnerSourceId,
        price_cents: a.priceCents,
      })
      .where('id', '=', a.listingId)
      .where('status', '=', 'open')
      .executeTakeFirst()
    return affected(result)
  }

  /** The source is paid the offer price for the lead it fulfilled. */
  async recordPayout(db: Executor, leadId: number, sourceId: number | null, priceCents: number): Promise<void> {
    await db
      .updateTable('leads')
      .set((eb) => ({ cost_cents: priceCents, source_id: eb.fn.coalesce('source_id', eb.val(sourceId)) }))
      .where('id', '=', leadId)
      .execute()
  }

  async list(
    db: Executor,
    input: {
      kind: ListingKind
      state: 'open' | 'closed'
      customerId?: number | undefined
      page: number
      pageSize: number
    },
  ) {
    let q = db
      .selectFrom('marketplace_listings as m')
      .innerJoin('leads as l', 'l.id', 'm.lead_id')
      .where('m.kind', '=', input.kind)
    q = input.state === 'open' ? q.where('m.status', '=', 'open') : q.where('m.status', '!=', 'open')
    if (input.customerId !== undefined) q = q.where('m.customer_id', '=', input.customerId)
    const counted = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
    const total = Number(counted?.n ?? 0)
    const rows = await q
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
      // Open: soonest deadline first, listings without one before them (as SQLite sorts NULLs);
      // closed: most recently closed first.
      .orderBy(
        input.state === 'open' ? 'm.closes_at' : 'm.closed_at',
        input.state === 'open' ? (ob) => ob.asc().nullsFirst() : (ob) => ob.desc().nullsLast(),
      )
      .orderBy('m.id')
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize)
      .execute()
    return { total, rows }
  }
}

export type ListingListRow = Awaited<ReturnType<ReverseAuctionsRepository['list']>>['rows'][number]
export type { ListingRow }
