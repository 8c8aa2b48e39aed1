import { AppError, notFound } from '../../shared/api/errors'
import { WalletsRepository } from '../db/repositories/wallets'
import type { AuditLog } from './audit-log'
import type { Actor, Deps } from './deps'

/**
 * Every movement of a customer's money. Charges and credits are called by the engine inside its
 * own transaction (so an assignment and its charge commit together); deposits and adjustments
 * are operator actions and open their own.
 */
export class WalletsService {
  readonly repo: WalletsRepository

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
  ) {
    this.repo = new WalletsRepository(deps.store)
  }

  balance(customerId: number): number {
    const balance = this.repo.balance(customerId)
    if (balance === undefined) throw notFound('Customer')
    return balance
  }

  /** Call inside the caller's transaction. Refuses to take a wallet below zero. */
  charge(customerId: number, cents: number, leadId: number, actor: Actor | null = null): void {
    const balance = this.balance(customerId)
    if (balance < cents) {
      throw new AppError(
        'INVALID_STATE',
        `Wallet balance ${(balance / 100).toFixed(2)} is below the price ${(cents / 100).toFixed(2)}`,
      )
    }
    this.repo.post({
      customerId,
      kind: 'charge',
      amountCents: -cents,
      leadId,
      userId: actor?.id ?? null,
      reason: null,
      createdAt: this.deps.clock.now(),
    })
  }

  /** Call inside the caller's transaction (a return credits the charged amount). */
  credit(customerId: number, cents: number, leadId: number | null, actor: Actor | null, reason: string | null): void {
    this.repo.post({
      customerId,
      kind: 'credit',
      amountCents: cents,
      leadId,
      userId: actor?.id ?? null,
      reason,
      createdAt: this.deps.clock.now(),
    })
  }

  deposit(actor: Actor, customerId: number, cents: number, reason: string | null): number {
    if (cents <= 0)
      throw new AppError('VALIDATION', 'A deposit must be positive', { amountCents: 'Enter an amount above zero' })
    return this.deps.store.transaction(() => {
      this.balance(customerId)
      this.repo.post({
        customerId,
        kind: 'deposit',
        amountCents: cents,
        leadId: null,
        userId: actor.id,
        reason,
        createdAt: this.deps.clock.now(),
      })
      this.auditLog.record(
        actor,
        'wallet.deposit',
        { type: 'customer', id: customerId },
        `Deposited ${(cents / 100).toFixed(2)}`,
        {
          after: { amountCents: cents, reason },
        },
      )
      return this.balance(customerId)
    })
  }

  /** A signed correction with a mandatory reason. */
  adjust(actor: Actor, customerId: number, cents: number, reason: string): number {
    if (cents === 0)
      throw new AppError('VALIDATION', 'An adjustment cannot be zero', { amountCents: 'Enter a non-zero amount' })
    if (!reason.trim()) throw new AppError('VALIDATION', 'Say why', { reason: 'A reason is required' })
    return this.deps.store.transaction(() => {
      const before = this.balance(customerId)
      this.repo.post({
        customerId,
        kind: 'adjustment',
        amountCents: cents,
        leadId: null,
        userId: actor.id,
        reason,
        createdAt: this.deps.clock.now(),
      })
      const after = this.balance(customerId)
      this.auditLog.record(
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
