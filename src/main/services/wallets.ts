import { AppError, notFound } from '../../shared/api/errors'
import type { Executor } from '../db/executor'
import { WalletsRepository } from '../db/repositories/wallets'
import { inTransaction } from '../db/transaction'
import type { AuditLog } from './audit-log'
import type { Actor, Deps } from './deps'

/**
 * Every movement of a customer's money. Each method runs in the caller's unit of work `db`:
 * charges and credits inside the engine's transaction (so an assignment and its charge commit
 * together); deposits and adjustments, operator actions, as one unit of their own inside it.
 */
export class WalletsService {
  readonly repo = new WalletsRepository()

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
  ) {}

  async balance(db: Executor, customerId: number): Promise<number> {
    const balance = await this.repo.balance(db, customerId)
    if (balance === undefined) throw notFound('Customer')
    return balance
  }

  /** Refuses to take a wallet below zero. */
  async charge(
    db: Executor,
    customerId: number,
    cents: number,
    leadId: number,
    actor: Actor | null = null,
  ): Promise<void> {
    const charged = await this.repo.charge(
      db,
      { customerId, leadId, userId: actor?.id ?? null, reason: null, createdAt: this.deps.clock.now() },
      cents,
    )
    if (!charged) {
      const balance = await this.balance(db, customerId)
      throw new AppError(
        'INVALID_STATE',
        `Wallet balance ${(balance / 100).toFixed(2)} is below the price ${(cents / 100).toFixed(2)}`,
      )
    }
  }

  /** A return credits the charged amount. */
  async credit(
    db: Executor,
    customerId: number,
    cents: number,
    leadId: number | null,
    actor: Actor | null,
    reason: string | null,
  ): Promise<void> {
    await this.repo.post(db, {
      customerId,
      kind: 'credit',
      amountCents: cents,
      leadId,
      userId: actor?.id ?? null,
      reason,
      createdAt: this.deps.clock.now(),
    })
  }

  async deposit(db: Executor, actor: Actor, customerId: number, cents: number, reason: string | null): Promise<number> {
    if (cents <= 0)
      throw new AppError('VALIDATION', 'A deposit must be positive', { amountCents: 'Enter an amount above zero' })
    return inTransaction(db, async (trx) => {
      await this.balance(trx, customerId)
      await this.repo.post(trx, {
        customerId,
        kind: 'deposit',
        amountCents: cents,
        leadId: null,
        userId: actor.id,
        reason,
        createdAt: this.deps.clock.now(),
      })
      await this.auditLog.write(
        trx,
        actor,
        'wallet.deposit',
        { type: 'customer', id: customerId },
        `Deposited ${(cents / 100).toFixed(2)}`,
        {
          after: { amountCents: cents, reason },
        },
      )
      return this.balance(trx, customerId)
    })
  }

  /** A signed correction with a mandatory reason. */
  async adjust(db: Executor, actor: Actor, customerId: number, cents: number, reason: string): Promise<number> {
    if (cents === 0)
      throw new AppError('VALIDATION', 'An adjustment cannot be zero', { amountCents: 'Enter a non-zero amount' })
    if (!reason.trim()) throw new AppError('VALIDATION', 'Say why', { reason: 'A reason is required' })
    return inTransaction(db, async (trx) => {
      const before = await this.balance(trx, customerId)
      await this.repo.post(trx, {
        customerId,
        kind: 'adjustment',
        amountCents: cents,
        leadId: null,
        userId: actor.id,
        reason,
        createdAt: this.deps.clock.now(),
      })
      const after = await this.balance(trx, customerId)
      await this.auditLog.write(
        trx,
        actor,
        'wallet.adjust',
        { type: 'customer', id: customerId },
        `Adjusted by ${(cents / 100).toFixed(2)}: ${reason}`,
        {
          before: { balanceCents: before },
          after: { balanceCents: after },
        },
      )
      return after
    })
  }
}
