import type { auditContract } from '../../../shared/api/audit'
import { distributionOf } from '../../services/leads/distribution-port'
import type { HandlersOf } from '../types'

export const auditHandlers = {
  'audit/queue': (input, ctx) => ctx.services.leads.auditQueue(input.limit),
  'audit/approve': (input, ctx) =>
    ctx.services.leads.actions.approveAudit(distributionOf(ctx.services), ctx.user, input.id),
  'audit/reject': (input, ctx) =>
    ctx.services.leads.actions.rejectAudit(distributionOf(ctx.services), ctx.user, input.id, input.reason),
} satisfies HandlersOf<typeof auditContract>
