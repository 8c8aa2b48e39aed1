import { inTransaction } from '../db/transaction'
import { categoryOf, dollars, errorReply, isReply, leadFields } from './replies'
import type { IntakeRoute } from './types'

/** How long a source may take between its ping and the post that uses it. */
export const PING_TTL_MS = 5 * 60_000

/**
 * `POST /api/v1/ping`: classify the partial lead and run bidding without assigning; the answer
 * carries the winning price and a ping id the source quotes when it posts the full lead.
 */
export const pingRoute: IntakeRoute = {
  path: '/api/v1/ping',
  async handle(req, ctx) {
    const category = categoryOf(req.body, req.source.defaultCategoryId)
    if (isReply(category)) return category
    const fields = leadFields(req.body)
    try {
      const quote = await ctx.services.distribution.quote({ sourceId: req.source.id, ...category, fields })
      const now = ctx.services.deps.clock.now()
      const expiresAt = now + PING_TTL_MS
      const priceCents = quote.bid?.priceCents ?? null
      const record = await inTransaction(ctx.services.deps.db, (trx) =>
        ctx.pingpost.insertInbound(
          trx,
          {
            kind: 'ping',
            sourceId: req.source.id,
            leadId: null,
            bidId: quote.bid?.bidId ?? null,
            payload: req.body,
            response: { bid: dollars(priceCents), trace: quote.trace },
            statusCode: 200,
            priceCents,
            latencyMs: null,
            outcome: quote.bid ? 'bid' : 'no_bid',
            expiresAt,
          },
          now,
        ),
      )
      return {
        status: 200,
        body: { ping_id: record.publicId, bid: dollars(priceCents), expires_at: new Date(expiresAt).toISOString() },
      }
    } catch (error) {
      return errorReply(error)
    }
  },
}
