import type { auctionsContract } from '../../../shared/api/auctions'
import type { HandlersOf } from '../types'

export const auctionsHandlers = {
  'auctions/buyQuote': (input, ctx) => ctx.services.auctions.buyQuote(input.listingId, input.customerId),
  'auctions/buy': (input, ctx) =>
    ctx.services.auctions.buyNow(ctx.user, input.listingId, input.customerId, input.maxPriceCents),
  'buyOrders/list': (_input, ctx) => ctx.services.auctions.listOrders(),
  'buyOrders/save': (input, ctx) => ctx.services.auctions.saveOrder(ctx.user, input),
  'buyOrders/delete': async (input, ctx) => {
    await ctx.services.auctions.deleteOrder(ctx.user, input.id)
    return { deleted: true as const }
  },
} satisfies HandlersOf<typeof auctionsContract>
