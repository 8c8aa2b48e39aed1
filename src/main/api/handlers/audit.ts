import type { auditContract } from '../../../shared/api/audit'
import type { HandlersOf } from '../types'

export const auditHandlers = {
  'audit/queue': (input, ctx) => ctx.services.leads.auditQueue(input.limit),
  'audit/approve': (input, ctx) =>
    ctx.services.leads.actions.approveAudit(ctx.services.distribution, ctx.user, input.id),
  'audit/reject': (input, ctx) =>
    ctx.services.leads.actions.rejectAudit(ctx.services.distribution, ctx.user, input.id, input.reason),
} satisfies HandlersOf<typeof auditContract>
