import type { Selectable } from 'kysely'
import type { CustomerDef } from '../../../../shared/api/settings/customers'
import type { LedgerEntry } from '../../../../shared/api/settings/wallets'
import { type Delivery, deliverySchema } from '../../../../shared/domain/config'
import { parseJson, toBool } from '../../json'
import type { CustomersTable } from '../../schema'
import type { Executor } from '../../executor'

export interface CustomerWrite {
  name: string
  email: string | null
  phone: string | null
  company: string | null
  delivery: Delivery
  lowBalanceCents: number
  active: boolean
}

function readDelivery(text: string): Delivery {
  const parsed = deliverySchema.safeParse(parseJson<unknown>(text, null))
  return parsed.success ? parsed.data : { method: 'none' }
}

function toCustomer(r: Selectable<CustomersTable> & { bid_count: number | null }): CustomerDef {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    company: r.company,
    // Parsed, so settings saved before request formats existed read with their defaults (JSON, POST).
    delivery: readDelivery(r.delivery),
    balanceCents: r.balance_cents,
    lowBalanceCents: r.low_balance_cents,
    lowBalance: r.balance_cents <= r.low_balance_cents,
    active: toBool(r.active),
    bidCount: r.bid_count ?? 0,
    createdAt: r.created_at,
  }
}

export class CustomersRepository {
  private query(db: Executor) {
    return db
      .selectFrom('customers as c')
      .selectAll('c')
      .select((eb) =>
        eb
          .selectFrom('bids')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('bids.customer_id', '=', 'c.id')
          .as('bid_count'),
      )
  }

  async list(db: Executor): Promise<CustomerDef[]> {
    return (await this.query(db).orderBy('c.name').execute()).map(toCustomer)
  }

  async byId(db: Executor, id: number): Promise<CustomerDef | undefined> {
    const row = await this.query(db).where('c.id', '=', id).executeTakeFirst()
    return row && toCustomer(row)
  }

  async insert(db: Executor, c: CustomerWrite, now: number): Promise<number> {
    const r = await db
      .insertInto('customers')
      .values({
        name: c.name,
        email: c.email,
        phone: c.phone,
        company: c.company,
        delivery: JSON.stringify(c.delivery),
        low_balance_cents: c.lowBalanceCents,
        active: c.active ? 1 : 0,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return r.id
  }

  async update(db: Executor, id: number, c: Partial<CustomerWrite>): Promise<void> {
    await db
      .updateTable('customers')
      .set({
        ...(c.name !== undefined && { name: c.name }),
        ...(c.email !== undefined && { email: c.email }),
        ...(c.phone !== undefined && { phone: c.phone }),
        ...(c.company !== undefined && { company: c.company }),
        ...(c.delivery !== undefined && { delivery: JSON.stringify(c.delivery) }),
        ...(c.lowBalanceCents !== undefined && { low_balance_cents: c.lowBalanceCents }),
        ...(c.active !== undefined && { active: c.active ? 1 : 0 }),
      })
      .where('id', '=', id)
      .execute()
  }

  /** The ledger newest first, with who made each movement and which lead it was for. */
  async ledger(
    db: Executor,
    customerId: number,
    limit: number,
    offset: number,
  ): Promise<{ total: number; rows: LedgerEntry[] }> {
    const count = await db
      .selectFrom('wallet_transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('customer_id', '=', customerId)
      .executeTakeFirst()
    const total = count?.n ?? 0
    const rows = await db
      .selectFrom('wallet_transactions as w')
      .leftJoin('users as u', 'u.id', 'w.user_id')
      .leftJoin('leads as l', 'l.id', 'w.lead_id')
      .select([
        'w.id',
        'w.kind',
        'w.amount_cents',
        'w.lead_id',
        'l.uuid',
        'u.name as user_name',
        'w.reason',
        'w.created_at',
      ])
      .where('w.customer_id', '=', customerId)
      .orderBy('w.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute()
    return {
      total,
      rows: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        amountCents: r.amount_cents,
        leadId: r.lead_id,
        leadUuid: r.uuid,
        userName: r.user_name,
        reason: r.reason,
        createdAt: r.created_at,
      })),
    }
  }
}
