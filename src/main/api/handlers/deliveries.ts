import type { deliveriesContract } from '../../../shared/api/deliveries'
import type { HandlersOf } from '../types'

export const deliveriesHandlers = {
  'deliveries/list': (input, ctx) => ctx.services.delivery.list(input),
  'deliveries/resend': (input, ctx) => ctx.services.delivery.resend(ctx.user, input.leadId),
} satisfies HandlersOf<typeof deliveriesContract>
