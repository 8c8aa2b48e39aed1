import type { leadsContract } from '../../../shared/api/leads'
import type { HandlersOf } from '../types'

export const leadsHandlers = {
  'leads/list': (input, ctx) => ctx.services.leads.list(input),
  'leads/get': (input, ctx) => ctx.services.leads.get(input.id),
  'leads/fields': (input, ctx) => ctx.services.leads.fields(input.id),
  'leads/filterOptions': (_input, ctx) => ctx.services.leads.filterOptions(),
  'leads/edit': (input, ctx) => ctx.services.leads.actions.edit(ctx.services.distribution, ctx.user, input),
  'leads/reclassify': (input, ctx) =>
    ctx.services.leads.actions.reclassify(ctx.services.distribution, ctx.user, input.id),
  'leads/return': (input, ctx) => ctx.services.leads.actions.returnLead(ctx.services.distribution, ctx.user, input),
  'leads/settlePost': (input, ctx) => ctx.services.leads.actions.settlePost(ctx.services.distribution, ctx.user, input),
  'leads/stages': (input, ctx) => ctx.services.distribution.planStages(input.id),
  'leads/reprocessPreview': (input, ctx) => ctx.services.leads.reprocessPreview(input.selection),
  'leads/reprocess': (input, ctx) => ctx.services.leads.actions.reprocess(ctx.services.distribution, ctx.user, input),
  'leads/delete': (input, ctx) => ctx.services.leads.delete(ctx.user, input.selection, input.job),
  'leads/pingpostRecords': (input, ctx) => ctx.services.leads.pingpostRecords(input.id),
  'leads/customerView': (input, ctx) => ctx.services.leads.customerView(input),
} satisfies HandlersOf<typeof leadsContract>
