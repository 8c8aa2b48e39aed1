import type { Store } from '../store'

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
  constructor(private readonly store: Store) {}

  balance(customerId: number): number | undefined {
    return this.store.first(this.store.q.selectFrom('customers').select('balance_cents').where('id', '=', customerId))
      ?.balance_cents
  }

  /** Appends a ledger row (signed amount) and moves the cached balance by the same amount. */
  post(entry: Omit<WalletEntry, 'id'>): number {
    const result = this.store.run(
      this.store.q.insertInto('wallet_transactions').values({
        customer_id: entry.customerId,
        kind: entry.kind,
        amount_cents: entry.amountCents,
        lead_id: entry.leadId,
        user_id: entry.userId,
        reason: entry.reason,
        created_at: entry.createdAt,
      }),
    )
    this.store.run(
      this.store.q
        .updateTable('customers')
        .set((eb) => ({ balance_cents: eb('balance_cents', '+', entry.amountCents) }))
        .where('id', '=', entry.customerId),
    )
    return Number(result.lastInsertRowid)
  }

  ledger(customerId: number, limit: number, offset: number): WalletEntry[] {
    return this.store
      .all(
        this.store.q
          .selectFrom('wallet_transactions')
          .selectAll()
          .where('customer_id', '=', customerId)
          .orderBy('id', 'desc')
          .limit(limit)
          .offset(offset),
      )
      .map((r) => ({
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
  ledgerSum(customerId: number): number {
    return (
      this.store.first(
        this.store.q
          .selectFrom('wallet_transactions')
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_cents'), eb.val(0)).as('sum'))
          .where('customer_id', '=', customerId),
      )?.sum ?? 0
    )
  }
}
