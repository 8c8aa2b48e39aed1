import type { marketplaceContract } from '../../../shared/api/marketplace'
import type { HandlersOf } from '../types'

export const marketplaceHandlers = {
  'marketplace/list': (input, ctx) => ctx.services.reverseAuctions.list(input),
  'marketplace/offers': (input, ctx) => ctx.services.reverseAuctions.offers(input.listingId),
  'marketplace/sources': (_input, ctx) => ctx.services.reverseAuctions.sources(),
  'marketplace/offer': (input, ctx) => ctx.services.reverseAuctions.offer({ ...input, actor: ctx.user }),
  'marketplace/close': (input, ctx) => ctx.services.reverseAuctions.close(input.listingId, ctx.user),
} satisfies HandlersOf<typeof marketplaceContract>
