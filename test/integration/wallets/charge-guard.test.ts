import { describe, expect, it } from 'vitest'
import { inTransaction } from '../../../src/main/db/transaction'
import { testSql } from '../../support/sql'
import { testApp } from '../../support/workspace'

describe('wallet charges', () => {
  it('let only one of two simultaneous charges take the last money, and the ledger still sums to the balance', async () => {
    const app = await testApp()
    const { db } = app.services.deps
    const customer = await db
      .insertInto('customers')
      .values({ name: 'Last Dollar Co', created_at: app.clock.now(), balance_cents: 1_000 })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('wallet_transactions')
      .values({ customer_id: customer.id, kind: 'deposit', amount_cents: 1_000, created_at: app.clock.now() })
      .execute()
    const lead = await db
      .insertInto('leads')
      .values({ uuid: 'wallet-race', status: 'Pending', created_at: app.clock.now(), updated_at: app.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow()
    // Two units of work (two servers, on PostgreSQL two connections) each charging 8.00 of 10.00.
    const charge = () => inTransaction(db, (trx) => app.services.wallets.charge(trx, customer.id, 800, lead.id))
    const results = await Promise.allSettled([charge(), charge()])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.find((r) => r.status === 'rejected')
    expect(refused?.status === 'rejected' && String(refused.reason)).toContain(
      'Wallet balance 2.00 is below the price 8.00',
    )
    const q = testSql(app)
    const row = await q.get<{ balance: number; ledger: number; charges: number }>(
      `SELECT c.balance_cents AS balance,
              (SELECT sum(amount_cents) FROM wallet_transactions w WHERE w.customer_id = c.id) AS ledger,
              (SELECT count(*) FROM wallet_transactions w WHERE w.customer_id = c.id AND w.kind = 'charge') AS charges
       FROM customers c WHERE c.id = ?`,
      customer.id,
    )
    expect(row).toEqual({ balance: 200, ledger: 200, charges: 1 })
  })
})
