import type { Selectable } from 'kysely'
import type { BuyOrderInput, BuyOrderRow } from '../../../shared/api/auctions'
import type { ConditionGroup } from '../../../shared/domain/config'
import type { Executor } from '../executor'
import { parseJson } from '../json'
import type { BuyOrdersTable, MarketplaceListingsTable } from '../schema'
import { affected } from '../transaction'
import { CONTACT_COLUMNS } from './lead-row'

export type ListingRow = Selectable<MarketplaceListingsTable>

export interface AuctionLead {
  id: number
  uuid: string
  status: string
  leadTypeId: number | null
  fields: Record<string, unknown>
}

/** Descending-price auction listings and customers' standing buy orders. Callers pass their executor. */
export class MarketplaceRepository {
  async insertAuction(
    db: Executor,
    l: {
      leadId: number
      startPriceCents: number
      floorPriceCents: number
      decrementCents: number
      intervalMs: number
      directPostPartnerId: number | null
      openedAt: number
      closesAt: number
    },
  ): Promise<number> {
    const row = await db
      .insertInto('marketplace_listings')
      .values({
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
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return Number(row.id)
  }

  async listing(db: Executor, id: number): Promise<ListingRow | undefined> {
    return db.selectFrom('marketplace_listings').selectAll().where('id', '=', id).executeTakeFirst()
  }

  /** Open auctions, plus expired ones whose lead never got its final outcome (interrupted by a restart). */
  async auctionsToSettle(db: Executor): Promise<ListingRow[]> {
    return db
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
      .orderBy('marketplace_listings.id')
      .execute()
  }

  /** Moves a listing out of `from`; false when someone else moved it first. */
  async close(
    db: Executor,
    id: number,
    from: string,
    to: 'sold' | 'expired' | 'closed' | 'cancelled',
    at: number,
    winner?: { customerId: number; priceCents: number },
  ): Promise<boolean> {
    const result = await db
      .updateTable('marketplace_listings')
      .set({
        status: to,
        closed_at: at,
        winner_customer_id: winner?.customerId ?? null,
        price_cents: winner?.priceCents ?? null,
      })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst()
    return affected(result) === 1
  }

  async lead(db: Executor, leadId: number): Promise<AuctionLead | undefined> {
    const row = await db
      .selectFrom('leads')
      .select(['id', 'uuid', 'status', 'lead_type_id', 'details', ...CONTACT_COLUMNS])
      .where('id', '=', leadId)
      .executeTakeFirst()
    if (!row) return undefined
    const fields: Record<string, unknown> = { ...parseJson<Record<string, unknown>>(row.details, {}) }
    for (const c of CONTACT_COLUMNS) if (row[c] !== null) fields[c] = row[c]
    return { id: row.id, uuid: row.uuid, status: row.status, leadTypeId: row.lead_type_id, fields }
  }

  async customer(
    db: Executor,
    id: number,
  ): Promise<{ id: number; name: string; active: boolean; balanceCents: number } | undefined> {
    const row = await db
      .selectFrom('customers')
      .select(['id', 'name', 'active', 'balance_cents'])
      .where('id', '=', id)
      .executeTakeFirst()
    return row && { id: row.id, name: row.name, active: row.active === 1, balanceCents: row.balance_cents }
  }

  /** Active orders of active customers for one lead type, highest maximum first, then oldest. */
  async ordersFor(db: Executor, leadTypeId: number): Promise<BuyOrderRow[]> {
    const rows = await this.selectOrders(db)
      .where('buy_orders.lead_type_id', '=', leadTypeId)
      .where('buy_orders.active', '=', 1)
      .where('customers.active', '=', 1)
      .orderBy('buy_orders.max_price_cents', 'desc')
      .orderBy('buy_orders.id')
      .execute()
    return rows.map(toOrder)
  }

  async listOrders(db: Executor): Promise<BuyOrderRow[]> {
    const rows = await this.selectOrders(db).orderBy('customers.name').orderBy('buy_orders.id').execute()
    return rows.map(toOrder)
  }

  async order(db: Executor, id: number): Promise<BuyOrderRow | undefined> {
    const row = await this.selectOrders(db).where('buy_orders.id', '=', id).executeTakeFirst()
    return row && toOrder(row)
  }

  async saveOrder(db: Executor, o: BuyOrderInput & { now: number }): Promise<number> {
    const values = {
      customer_id: o.customerId,
      lead_type_id: o.leadTypeId,
      filters: o.filters ? JSON.stringify(o.filters) : null,
      max_price_cents: o.maxPriceCents,
      active: o.active ? 1 : 0,
    }
    if (o.id !== undefined) {
      await db.updateTable('buy_orders').set(values).where('id', '=', o.id).execute()
      return o.id
    }
    const row = await db
      .insertInto('buy_orders')
      .values({ ...values, created_at: o.now })
      .returning('id')
      .executeTakeFirstOrThrow()
    return Number(row.id)
  }

  async deleteOrder(db: Executor, id: number): Promise<boolean> {
    return affected(await db.deleteFrom('buy_orders').where('id', '=', id).executeTakeFirst()) === 1
  }

  async exists(db: Executor, table: 'customers' | 'lead_types', id: number): Promise<boolean> {
    return (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined
  }

  private selectOrders(db: Executor) {
    return db
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
