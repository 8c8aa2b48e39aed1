import type { Executor } from '../executor'

export type WalletKind = 'deposit' | 'charge' | 'credit' | 'adjustment'

export interface WalletEntry {
  id: number
  customerId: number
  kind: WalletKind
  amountCents: number
  leadId: number | null
  userId: number | null
  reason: string | null
  createdAt: number
}

/** The ledger and the balance move together; callers hold the transaction. */
export class WalletsRepository {
  async balance(db: Executor, customerId: number): Promise<number | undefined> {
    const row = await db.selectFrom('customers').select('balance_cents').where('id', '=', customerId).executeTakeFirst()
    return row?.balance_cents
  }

  /** Appends a ledger row (signed amount) and moves the cached balance by the same amount. */
  async post(db: Executor, entry: Omit<WalletEntry, 'id'>): Promise<number> {
    const row = await db
      .insertInto('wallet_transactions')
      .values({
        customer_id: entry.customerId,
        kind: entry.kind,
        amount_cents: entry.amountCents,
        lead_id: entry.leadId,
        user_id: entry.userId,
        reason: entry.reason,
        created_at: entry.createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .updateTable('customers')
      .set((eb) => ({ balance_cents: eb('balance_cents', '+', entry.amountCents) }))
      .where('id', '=', entry.customerId)
      .execute()
    return Number(row.id)
  }

  /**
   * A charge: the balance moves only if it covers the amount — the guard is the UPDATE's WHERE,
   * so two charges racing for the last money (two servers, two buyers) cannot both pass — then
   * the ledger row. False, and nothing written, when the balance is too low.
   */
  async charge(db: Executor, entry: Omit<WalletEntry, 'id' | 'kind' | 'amountCents'>, cents: number): Promise<boolean> {
    const moved = await db
      .updateTable('customers')
      .set((eb) => ({ balance_cents: eb('balance_cents', '-', cents) }))
      .where('id', '=', entry.customerId)
      .where('balance_cents', '>=', cents)
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1) return false
    await db
      .insertInto('wallet_transactions')
      .values({
        customer_id: entry.customerId,
        kind: 'charge',
        amount_cents: -cents,
        lead_id: entry.leadId,
        user_id: entry.userId,
        reason: entry.reason,
        created_at: entry.createdAt,
      })
      .execute()
    return true
  }

  async ledger(db: Executor, customerId: number, limit: number, offset: number): Promise<WalletEntry[]> {
    const rows = await db
      .selectFrom('wallet_transactions')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute()
    return rows.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      kind: r.kind,
      amountCents: r.amount_cents,
      leadId: r.lead_id,
      userId: r.user_id,
      reason: r.reason,
      createdAt: r.created_at,
    }))
  }

  /** Sum of the ledger, to prove it equals the cached balance. */
  async ledgerSum(db: Executor, customerId: number): Promise<number> {
    const row = await db
      .selectFrom('wallet_transactions')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_cents'), eb.val(0)).as('sum'))
      .where('customer_id', '=', customerId)
      .executeTakeFirst()
    return Number(row?.sum ?? 0)
  }
}
