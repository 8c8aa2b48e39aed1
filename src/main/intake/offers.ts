import { z } from 'zod'
import { AppError } from '../../shared/api/errors'
import { dollars, errorReply, reply } from './replies'
import type { IntakeRoute } from './types'

/**
 * `POST /api/v1/offers`: a source offers a price to supply a lead of a reverse auction.
 * The auction is named by `listing_id` or by the imported lead's `lead_id` (its uuid); the price
 * is in dollars (`price`) or cents (`price_cents`). The lowest offer wins when the auction closes.
 */
const offerBody = z
  .object({
    listing_id: z.number().int().positive().optional(),
    lead_id: z.string().uuid().optional(),
    price: z.number().min(0).max(100_000).optional(),
    price_cents: z.number().int().min(0).max(100_000_00).optional(),
    note: z.string().max(500).optional(),
  })
  .refine((b) => b.listing_id !== undefined || b.lead_id !== undefined, {
    message: 'Give listing_id or lead_id',
    path: ['listing_id'],
  })
  .refine((b) => (b.price === undefined) !== (b.price_cents === undefined), {
    message: 'Give the price in dollars (price) or in cents (price_cents)',
    path: ['price'],
  })

export const offersRoute: IntakeRoute = {
  path: '/api/v1/offers',
  async handle(req, ctx) {
    const parsed = offerBody.safeParse(req.body)
    if (!parsed.success) {
      const fields: Record<string, string> = {}
      for (const issue of parsed.error.issues) fields[issue.path.join('.') || '_'] ??= issue.message
      return reply.validation(fields)
    }
    const body = parsed.data
    try {
      const auctions = ctx.services.reverseAuctions
      const listing = await auctions.findListing(
        body.listing_id !== undefined ? { listingId: body.listing_id } : { leadUuid: body.lead_id ?? '' },
      )
      if (!listing || listing.kind !== 'reverse')
        throw new AppError('VALIDATION', 'No such reverse auction', { listing_id: 'No such reverse auction' })
      const priceCents = body.price_cents ?? Math.round((body.price ?? 0) * 100)
      const { offerId } = await auctions.offer({
        listingId: listing.id,
        sourceId: req.source.id,
        priceCents,
        note: body.note,
        actor: null,
      })
      return { status: 201, body: { offer_id: offerId, listing_id: listing.id, price: dollars(priceCents) } }
    } catch (error) {
      return errorReply(error)
    }
  },
}
