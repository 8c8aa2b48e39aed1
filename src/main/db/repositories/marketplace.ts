import type { Selectable } from 'kysely'
import type { BuyOrderInput, BuyOrderRow } from '../../../shared/api/auctions'
import type { ConditionGroup } from '../../../shared/domain/config'
import { parseJson } from '../json'
import type { BuyOrdersTable, MarketplaceListingsTable } from '../schema'
import type { Store } from '../store'
import { CONTACT_COLUMNS } from './lead-row'

export type ListingRow = Selectable<MarketplaceListingsTable>

export interface AuctionLead {
  id: number
  uuid: string
  status: string
  leadTypeId: number | null
  fields: Record<string, unknown>
}

/** Descending-price auction listings and customers' standing buy orders. Callers hold the transaction. */
export class MarketplaceRepository {
  constructor(private readonly store: Store) {}

  insertAuction(l: {
    leadId: number
    startPriceCents: number
    floorPriceCents: number
    decrementCents: number
    intervalMs: number
    directPostPartnerId: number | null
    openedAt: number
    closesAt: number
  }): number {
    const result = this.store.run(
      this.store.q.insertInto('marketplace_listings').values({
        lead_id: l.leadId,
        kind: 'auction',
        status: 'open',
        start_price_cents: l.startPriceCents,
        floor_price_cents: l.floorPriceCents,
        decrement_cents: l.decrementCents,
        interval_ms: l.intervalMs,
        direct_post_partner_id: l.directPostPartnerId,
        opened_at: l.openedAt,
        closes_at: l.closesAt,
      }),
    )
    return Number(result.lastInsertRowid)
  }

  listing(id: number): ListingRow | undefined {
    return this.store.first(this.store.q.selectFrom('marketplace_listings').selectAll().where('id', '=', id))
  }

  /** Open auctions, plus expired ones whose lead never got its final outcome (interrupted by a restart). */
  auctionsToSettle(): ListingRow[] {
    return this.store.all(
      this.store.q
        .selectFrom('marketplace_listings')
        .innerJoin('leads', 'leads.id', 'marketplace_listings.lead_id')
        .selectAll('marketplace_listings')
        .where('marketplace_listings.kind', '=', 'auction')
        .where((eb) =>
          eb.or([
            eb('marketplace_listings.status', '=', 'open'),
            eb.and([eb('marketplace_listings.status', '=', 'expired'), eb('leads.status', '=', 'Marketplace')]),
          ]),
        )
        .orderBy('marketplace_listings.id'),
    )
  }

  /** Moves a listing out of `from`; false when someone else moved it first. */
  close(
    id: number,
    from: string,
    to: 'sold' | 'expired' | 'closed' | 'cancelled',
    at: number,
    winner?: { customerId: number; priceCents: number },
  ): boolean {
    const result = this.store.run(
      this.store.q
        .updateTable('marketplace_listings')
        .set({
          status: to,
          closed_at: at,
          winner_customer_id: winner?.customerId ?? null,
          price_cents: winner?.priceCents ?? null,
        })
        .where('id', '=', id)
        .where('status', '=', from),
    )
    return result.changes === 1
  }

  lead(leadId: number): AuctionLead | undefined {
    const row = this.store.first(
      this.store.q
        .selectFrom('leads')
        .select(['id', 'uuid', 'status', 'lead_type_id', 'details', ...CONTACT_COLUMNS])
        .where('id', '=', leadId),
    )
    if (!row) return undefined
    const fields: Record<string, unknown> = { ...parseJson<Record<string, unknown>>(row.details, {}) }
    for (const c of CONTACT_COLUMNS) if (row[c] !== null) fields[c] = row[c]
    return { id: row.id, uuid: row.uuid, status: row.status, leadTypeId: row.lead_type_id, fields }
  }

  customer(id: number): { id: number; name: string; active: boolean; balanceCents: number } | undefined {
    const row = this.store.first(
      this.store.q.selectFrom('customers').select(['id', 'name', 'active', 'balance_cents']).where('id', '=', id),
    )
    return row && { id: row.id, name: row.name, active: row.active === 1, balanceCents: row.balance_cents }
  }

  /** Active orders of active customers for one lead type, highest maximum first, then oldest. */
  ordersFor(leadTypeId: number): BuyOrderRow[] {
    const query = this.selectOrders()
      .where('buy_orders.lead_type_id', '=', leadTypeId)
      .where('buy_orders.active', '=', 1)
      .where('customers.active', '=', 1)
      .orderBy('buy_orders.max_price_cents', 'desc')
      .orderBy('buy_orders.id')
    return this.store.all(query).map(toOrder)
  }

  listOrders(): BuyOrderRow[] {
    return this.store.all(this.selectOrders().orderBy('customers.name').orderBy('buy_orders.id')).map(toOrder)
  }

  order(id: number): BuyOrderRow | undefined {
    const row = this.store.first(this.selectOrders().where('buy_orders.id', '=', id))
    return row && toOrder(row)
  }

  saveOrder(o: BuyOrderInput & { now: number }): number {
    const values = {
      customer_id: o.customerId,
      lead_type_id: o.leadTypeId,
      filters: o.filters ? JSON.stringify(o.filters) : null,
      max_price_cents: o.maxPriceCents,
      active: o.active ? 1 : 0,
    }
    if (o.id !== undefined) {
      this.store.run(this.store.q.updateTable('buy_orders').set(values).where('id', '=', o.id))
      return o.id
    }
    const result = this.store.run(this.store.q.insertInto('buy_orders').values({ ...values, created_at: o.now }))
    return Number(result.lastInsertRowid)
  }

  deleteOrder(id: number): boolean {
    return this.store.run(this.store.q.deleteFrom('buy_orders').where('id', '=', id)).changes === 1
  }

  exists(table: 'customers' | 'lead_types', id: number): boolean {
    return this.store.first(this.store.q.selectFrom(table).select('id').where('id', '=', id)) !== undefined
  }

  private selectOrders() {
    return this.store.q
      .selectFrom('buy_orders')
      .innerJoin('customers', 'customers.id', 'buy_orders.customer_id')
      .leftJoin('lead_types', 'lead_types.id', 'buy_orders.lead_type_id')
      .selectAll('buy_orders')
      .select(['customers.name as customer_name', 'lead_types.name as lead_type_name'])
  }
}

function toOrder(
  r: Selectable<BuyOrdersTable> & { customer_name: string | null; lead_type_name: string | null },
): BuyOrderRow {
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    leadTypeId: r.lead_type_id,
    leadTypeName: r.lead_type_name,
    filters: parseJson<ConditionGroup | null>(r.filters, null),
    maxPriceCents: r.max_price_cents,
    active: r.active === 1,
    createdAt: r.created_at,
  }
}
