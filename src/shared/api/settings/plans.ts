import { z } from 'zod'
import { type Stage, stagesSchema } from '../../domain/config'
import { method } from '../define'
import { id, name } from './common'

export interface PlanDef {
  id: number
  name: string
  stages: Stage[]
  /** Lead types and categories (as default) that use this plan. */
  usedBy: { leadTypes: { id: number; name: string }[]; categories: { id: number; name: string }[] }
  updatedAt: number
}

export const plansContract = {
  'plans/list': method<PlanDef[]>()({ input: z.object({}).default({}), access: 'settings.manage' }),
  'plans/create': method<PlanDef>()({
    input: z.object({ name, stages: stagesSchema.min(1, 'Add at least one stage') }),
    access: 'settings.manage',
  }),
  'plans/update': method<PlanDef>()({
    input: z.object({ id, name: name.optional(), stages: stagesSchema.min(1, 'Add at least one stage').optional() }),
    access: 'settings.manage',
  }),
  'plans/delete': method<null>()({ input: z.object({ id }), access: 'settings.manage' }),
}
