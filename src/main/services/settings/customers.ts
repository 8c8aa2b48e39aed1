import { notFound } from '../../../shared/api/errors'
import type { CustomerDef } from '../../../shared/api/settings/customers'
import type { LedgerEntry } from '../../../shared/api/settings/wallets'
import type { Page } from '../../../shared/domain/page'
import type { Executor } from '../../db/executor'
import { CustomersRepository, type CustomerWrite } from '../../db/repositories/config/customers'
import type { Actor } from '../deps'
import type { ConfigContext } from './context'
import type { WalletMoves } from './ports'
import { assertDeliveryTemplate } from './template-rules'

/** A webhook whose template could not be delivered as intended is refused before anything is stored. */
async function checkDelivery(ctx: ConfigContext, delivery: CustomerWrite['delivery'] | undefined): Promise<void> {
  if (delivery?.method !== 'webhook') return
  await assertDeliveryTemplate(ctx.db, delivery.request.format, delivery.request.template, 'delivery.request.template')
}

export class CustomersSettings {
  private readonly repo = new CustomersRepository()

  constructor(
    private readonly ctx: ConfigContext,
    private readonly wallets: WalletMoves,
  ) {}

  async list(): Promise<CustomerDef[]> {
    return this.repo.list(this.ctx.db)
  }

  async get(id: number): Promise<CustomerDef> {
    return this.find(this.ctx.db, id)
  }

  private async find(db: Executor, id: number): Promise<CustomerDef> {
    const c = await this.repo.byId(db, id)
    if (!c) throw notFound('Customer')
    return c
  }

  async create(
    actor: Actor,
    input: Omit<CustomerWrite, 'email' | 'phone' | 'company'> & Partial<CustomerWrite>,
  ): Promise<CustomerDef> {
    await checkDelivery(this.ctx, input.delivery)
    return this.ctx.write(['customers'], async (trx) => {
      const id = await this.repo.insert(
        trx,
        { ...input, email: input.email ?? null, phone: input.phone ?? null, company: input.company ?? null },
        this.ctx.now(),
      )
      const after = await this.find(trx, id)
      await this.ctx.audit(
        trx,
        actor,
        'customer.create',
        { type: 'customer', id },
        `Created customer ${after.name}`,
        undefined,
        after,
      )
      return after
    })
  }

  async update(actor: Actor, input: { id: number } & Partial<CustomerWrite>): Promise<CustomerDef> {
    await checkDelivery(this.ctx, input.delivery)
    return this.ctx.write(['customers', 'bids'], async (trx) => {
      const { balanceCents: _b, lowBalance: _l, bidCount: _c, ...before } = await this.find(trx, input.id)
      const { id, ...patch } = input
      await this.repo.update(trx, id, patch)
      const after = await this.find(trx, id)
      const { balanceCents: _b2, lowBalance: _l2, bidCount: _c2, ...afterConfig } = after
      await this.ctx.audit(
        trx,
        actor,
        'customer.update',
        { type: 'customer', id },
        `Changed customer ${after.name}`,
        before,
        afterConfig,
      )
      return after
    })
  }

  async ledger(
    customerId: number,
    page: number,
    pageSize: number,
  ): Promise<Page<LedgerEntry> & { balanceCents: number }> {
    const customer = await this.get(customerId)
    const entries = await this.repo.ledger(this.ctx.db, customerId, pageSize, (page - 1) * pageSize)
    return { ...entries, balanceCents: customer.balanceCents }
  }

  /**
   * Deposits and adjustments are wallet movements (ledger + audit in the wallets service), in one
   * unit of work with the check that the customer exists; screens refresh after the commit.
   */
  async deposit(
    actor: Actor,
    customerId: number,
    cents: number,
    reason: string | null,
  ): Promise<{ balanceCents: number }> {
    const balanceCents = await this.ctx.write(['customers', 'wallets'], async (trx) => {
      await this.find(trx, customerId)
      return this.wallets.deposit(trx, actor, customerId, cents, reason)
    })
    return { balanceCents }
  }

  async adjust(actor: Actor, customerId: number, cents: number, reason: string): Promise<{ balanceCents: number }> {
    const balanceCents = await this.ctx.write(['customers', 'wallets'], async (trx) => {
      await this.find(trx, customerId)
      return this.wallets.adjust(trx, actor, customerId, cents, reason)
    })
    return { balanceCents }
  }
}
