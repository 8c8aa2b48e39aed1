import { inTransaction } from '../db/transaction'
import { categoryOf, dollars, errorReply, idempotencyKeyOf, isReply, leadFields, reply } from './replies'
import type { IntakeRoute } from './types'

/** Pings being posted right now: a second post of the same ping waits for no one, it is refused. */
const posting = new Set<string>()

/**
 * `POST /api/v1/post`: the full lead for an earlier ping. Within the ping's lifetime the lead goes
 * to the pinged bid at the pinged price if that bid is still eligible (the engine decides), else
 * through the normal pipeline. The lead links to both records.
 */
export const postRoute: IntakeRoute = {
  path: '/api/v1/post',
  async handle(req, ctx) {
    const pingId = req.body.ping_id
    if (typeof pingId !== 'string' || pingId === '')
      return reply.validation({ ping_id: 'Give the ping_id your ping was answered with' })
    const ping = await ctx.pingpost.byPublicId(ctx.services.deps.db, pingId)
    if (!ping || ping.direction !== 'inbound' || ping.kind !== 'ping' || ping.source_id !== req.source.id)
      return reply.validation({ ping_id: 'Unknown ping id' })
    const category = categoryOf(req.body, req.source.defaultCategoryId)
    if (isReply(category)) return category
    const idempotencyKey = idempotencyKeyOf(req.headers['idempotency-key'], req.body)
    if (idempotencyKey !== null && typeof idempotencyKey === 'object') return idempotencyKey
    // A used ping is only accepted again as a retry of the same request (the engine replays it).
    if ((ping.lead_id !== null && idempotencyKey === null) || posting.has(pingId))
      return reply.conflict('This ping was already posted')
    const now = ctx.services.deps.clock.now()
    const live = ping.expires_at !== null && now < ping.expires_at
    posting.add(pingId)
    try {
      const lead = await ctx.services.distribution.ingest({
        sourceId: req.source.id,
        ...category,
        fields: leadFields(req.body),
        idempotencyKey,
        client: req.client,
        pingRecordId: ping.id,
        preferredBid:
          live && ping.bid_id !== null && ping.price_cents !== null
            ? { bidId: ping.bid_id, priceCents: ping.price_cents }
            : null,
      })
      const answer = { uuid: lead.uuid, status: lead.status, price: dollars(lead.priceCents), ping_id: pingId }
      if (lead.replayed) return { status: 201, body: answer, headers: { 'idempotent-replayed': 'true' } }
      await inTransaction(ctx.services.deps.db, async (trx) => {
        const post = await ctx.pingpost.insertInbound(
          trx,
          {
            kind: 'post',
            sourceId: req.source.id,
            leadId: lead.id,
            bidId: ping.bid_id,
            payload: req.body,
            response: answer,
            statusCode: 201,
            priceCents: lead.priceCents,
            latencyMs: Math.max(0, ctx.services.deps.clock.now() - now),
            outcome: live ? lead.status : `${lead.status} (ping expired)`,
            expiresAt: null,
          },
          now,
        )
        await ctx.pingpost.linkLead(trx, lead.id, { pingRecordId: ping.id, postRecordId: post.id })
      })
      return { status: 201, body: answer }
    } catch (error) {
      return errorReply(error)
    } finally {
      posting.delete(pingId)
    }
  },
}
