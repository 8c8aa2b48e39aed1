import { categoryOf, dollars, errorReply, idempotencyKeyOf, isReply, leadFields } from './replies'
import type { IntakeRoute } from './types'

/** `POST /api/v1/leads`: store and distribute one lead, answer once it is committed. */
export const leadsRoute: IntakeRoute = {
  path: '/api/v1/leads',
  async handle(req, ctx) {
    const category = categoryOf(req.body, req.source.defaultCategoryId)
    if (isReply(category)) return category
    const idempotencyKey = idempotencyKeyOf(req.headers['idempotency-key'], req.body)
    if (idempotencyKey !== null && typeof idempotencyKey === 'object') return idempotencyKey
    try {
      const lead = await ctx.services.distribution.ingest({
        sourceId: req.source.id,
        ...category,
        fields: leadFields(req.body),
        idempotencyKey,
        client: req.client,
      })
      return {
        status: 201,
        body: { uuid: lead.uuid, status: lead.status, price: dollars(lead.priceCents) },
        headers: lead.replayed ? { 'idempotent-replayed': 'true' } : undefined,
      }
    } catch (error) {
      return errorReply(error)
    }
  },
}
