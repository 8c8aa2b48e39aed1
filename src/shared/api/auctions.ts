import { z } from 'zod'
import { conditionGroupSchema, type ConditionGroup } from '../domain/config'
import { method } from './define'

const id = z.number().int().positive()

/** A customer's standing order: take any listed lead of this type matching the filters once its price reaches the maximum. */
export interface BuyOrderRow {
  id: number
  customerId: number
  customerName: string | null
  leadTypeId: number
  leadTypeName: string | null
  filters: ConditionGroup | null
  maxPriceCents: number
  active: boolean
  createdAt: number
}

export const buyOrderInputSchema = z.object({
  id: id.optional(),
  customerId: id,
  leadTypeId: id,
  filters: conditionGroupSchema.nullable().default(null),
  maxPriceCents: z.number().int().min(0).max(100_000_00),
  active: z.boolean().default(true),
})
export type BuyOrderInput = z.output<typeof buyOrderInputSchema>

/** What buying a listed lead now would cost a customer, shown for the operator to confirm. */
export interface BuyQuote {
  listingId: number
  customerId: number
  customerName: string
  priceCents: number
  balanceCents: number
  balanceAfterCents: number
}

export const auctionsContract = {
  'auctions/buyQuote': method<BuyQuote>()({
    input: z.object({ listingId: id, customerId: id }),
    access: 'leads.edit',
  }),
  /**
   * Buy a listed lead now at its current price for a customer (charged to the customer's wallet).
   * `maxPriceCents`: the price the operator confirmed; a higher current price is refused.
   */
  'auctions/buy': method<{ leadId: number; priceCents: number; balanceCents: number }>()({
    input: z.object({ listingId: id, customerId: id, maxPriceCents: z.number().int().min(0).optional() }),
    access: 'leads.edit',
  }),
  'buyOrders/list': method<BuyOrderRow[]>()({ input: z.object({}).default({}), access: 'settings.manage' }),
  'buyOrders/save': method<BuyOrderRow>()({ input: buyOrderInputSchema, access: 'settings.manage' }),
  'buyOrders/delete': method<{ deleted: true }>()({ input: z.object({ id }), access: 'settings.manage' }),
}
