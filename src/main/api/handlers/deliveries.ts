import {
  DELIVERY_STATUSES,
  type deliveriesContract,
  type DeliveryAttempt,
  type DeliveryStatus,
} from '../../../shared/api/deliveries'
import type { HandlersOf } from '../types'

const isStatus = (s: string | null): s is DeliveryStatus =>
  s !== null && (DELIVERY_STATUSES as readonly string[]).includes(s)
const statusOf = (s: string | null): DeliveryStatus | null => (isStatus(s) ? s : null)

export const deliveriesHandlers = {
  'deliveries/list': (input, ctx) => {
    const page = ctx.services.delivery.list(input)
    return {
      total: page.total,
      rows: page.rows.map((r): DeliveryAttempt => ({ ...r, deliveryStatus: statusOf(r.deliveryStatus) })),
    }
  },
  'deliveries/resend': (input, ctx) => ctx.services.delivery.resend(ctx.user, input.leadId),
} satisfies HandlersOf<typeof deliveriesContract>
