import type { leadsContract } from '../../../shared/api/leads'
import type { HandlersOf } from '../types'

export const leadsHandlers = {
  'leads/list': (input, ctx) => ctx.services.leads.list(input),
  'leads/get': (input, ctx) => ctx.services.leads.get(input.id),
  'leads/delete': (input, ctx) => ctx.services.leads.delete(ctx.user, input.selection),
} satisfies HandlersOf<typeof leadsContract>
