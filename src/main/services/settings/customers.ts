import { notFound } from '../../../shared/api/errors'
import type { CustomerDef } from '../../../shared/api/settings/customers'
import type { LedgerEntry } from '../../../shared/api/settings/wallets'
import type { Page } from '../../../shared/domain/page'
import { CustomersRepository, type CustomerWrite } from '../../db/repositories/config/customers'
import type { Actor } from '../deps'
import type { WalletsService } from '../wallets'
import type { ConfigContext } from './context'
import { assertDeliveryTemplate } from './template-rules'

/** A webhook whose template could not be delivered as intended is refused before anything is stored. */
function checkDelivery(ctx: ConfigContext, delivery: CustomerWrite['delivery'] | undefined): void {
  if (delivery?.method !== 'webhook') return
  assertDeliveryTemplate(
    ctx.deps.store,
    delivery.request.format,
    delivery.request.template,
    'delivery.request.template',
  )
}

export class CustomersSettings {
  private readonly repo: CustomersRepository

  constructor(
    private readonly ctx: ConfigContext,
    private readonly wallets: WalletsService,
  ) {
    this.repo = new CustomersRepository(ctx.deps.store)
  }

  list(): CustomerDef[] {
    return this.repo.list()
  }

  get(id: number): CustomerDef {
    const c = this.repo.byId(id)
    if (!c) throw notFound('Customer')
    return c
  }

  create(
    actor: Actor,
    input: Omit<CustomerWrite, 'email' | 'phone' | 'company'> & Partial<CustomerWrite>,
  ): CustomerDef {
    checkDelivery(this.ctx, input.delivery)
    return this.ctx.write(['customers'], () => {
      const id = this.repo.insert(
        { ...input, email: input.email ?? null, phone: input.phone ?? null, company: input.company ?? null },
        this.ctx.now(),
      )
      const after = this.get(id)
      this.ctx.audit(
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

  update(actor: Actor, input: { id: number } & Partial<CustomerWrite>): CustomerDef {
    checkDelivery(this.ctx, input.delivery)
    return this.ctx.write(['customers', 'bids'], () => {
      const { balanceCents: _b, lowBalance: _l, bidCount: _c, ...before } = this.get(input.id)
      const { id, ...patch } = input
      this.repo.update(id, patch)
      const after = this.get(id)
      const { balanceCents: _b2, lowBalance: _l2, bidCount: _c2, ...afterConfig } = after
      this.ctx.audit(
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

  ledger(customerId: number, page: number, pageSize: number): Page<LedgerEntry> & { balanceCents: number } {
    const customer = this.get(customerId)
    return { ...this.repo.ledger(customerId, pageSize, (page - 1) * pageSize), balanceCents: customer.balanceCents }
  }

  /** Deposits and adjustments are wallet movements (ledger + audit in WalletsService); screens refresh after. */
  async deposit(
    actor: Actor,
    customerId: number,
    cents: number,
    reason: string | null,
  ): Promise<{ balanceCents: number }> {
    this.get(customerId)
    const balanceCents = await this.wallets.deposit(this.ctx.deps.db, actor, customerId, cents, reason)
    this.ctx.deps.events.emit('changed', { areas: ['settings', 'customers', 'wallets'] })
    return { balanceCents }
  }

  async adjust(actor: Actor, customerId: number, cents: number, reason: string): Promise<{ balanceCents: number }> {
    this.get(customerId)
    const balanceCents = await this.wallets.adjust(this.ctx.deps.db, actor, customerId, cents, reason)
    this.ctx.deps.events.emit('changed', { areas: ['settings', 'customers', 'wallets'] })
    return { balanceCents }
  }
}
