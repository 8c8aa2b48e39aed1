import type { auditContract } from '../../../shared/api/audit'
import type { HandlersOf } from '../types'

export const auditHandlers = {
  'audit/queue': (input, ctx) => ctx.services.leads.auditQueue(input.limit),
  'audit/approve': (input, ctx) =>
    ctx.services.leads.actions.approveAudit(ctx.services.distribution, ctx.user, input.id, input.decisionId),
  'audit/reject': (input, ctx) =>
    ctx.services.leads.actions.rejectAudit(
      ctx.services.distribution,
      ctx.user,
      input.id,
      input.reason,
      input.decisionId,
    ),
} satisfies HandlersOf<typeof auditContract>
