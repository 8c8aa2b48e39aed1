import type { leadsContract } from '../../../shared/api/leads'
import { distributionOf } from '../../services/leads/distribution-port'
import type { HandlersOf } from '../types'

export const leadsHandlers = {
  'leads/list': (input, ctx) => ctx.services.leads.list(input),
  'leads/get': (input, ctx) => ctx.services.leads.get(input.id),
  'leads/fields': (input, ctx) => ctx.services.leads.fields(input.id),
  'leads/filterOptions': (_input, ctx) => ctx.services.leads.filterOptions(),
  'leads/edit': (input, ctx) => ctx.services.leads.actions.edit(distributionOf(ctx.services), ctx.user, input),
  'leads/reclassify': (input, ctx) =>
    ctx.services.leads.actions.reclassify(distributionOf(ctx.services), ctx.user, input.id),
  'leads/return': (input, ctx) => ctx.services.leads.actions.returnLead(distributionOf(ctx.services), ctx.user, input),
  'leads/stages': (input, ctx) => {
    ctx.services.leads.get(input.id)
    return distributionOf(ctx.services).planStages(input.id)
  },
  'leads/reprocessPreview': (input, ctx) => ctx.services.leads.reprocessPreview(input.selection),
  'leads/reprocess': (input, ctx) =>
    ctx.services.leads.actions.reprocess(distributionOf(ctx.services), ctx.user, input),
  'leads/delete': (input, ctx) => ctx.services.leads.delete(ctx.user, input.selection),
  'leads/pingpostRecords': (input, ctx) => ctx.services.leads.pingpostRecords(input.id),
  'leads/customerView': (input, ctx) => ctx.services.leads.customerView(input),
} satisfies HandlersOf<typeof leadsContract>
