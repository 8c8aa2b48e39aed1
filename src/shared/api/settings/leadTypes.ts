import { z } from 'zod'
import { conditionGroupSchema, type ConditionGroup } from '../../domain/config'
import { method } from '../define'
import { id, name } from './common'

export interface LeadTypeDef {
  id: number
  categoryId: number
  categoryName: string
  name: string
  priority: number
  conditions: ConditionGroup | null
  isFallback: boolean
  planId: number | null
  active: boolean
}

export interface DryRunTransition {
  from: { id: number | null; name: string }
  to: { id: number | null; name: string }
  count: number
  samples: { id: number; uuid: string; name: string; email: string | null }[]
}

export interface DryRunResult {
  checked: number
  changed: number
  unchanged: number
  transitions: DryRunTransition[]
}

const typeFields = {
  name,
  conditions: conditionGroupSchema.nullable().default(null),
  isFallback: z.boolean().default(false),
  planId: id.nullable().default(null),
  active: z.boolean().default(true),
}

/** A type as edited in the builder; `id` absent for a type not saved yet. */
export const draftTypeSchema = z.object({ id: id.optional(), ...typeFields })
export type DraftLeadType = z.output<typeof draftTypeSchema>

export const leadTypesContract = {
  'leadTypes/list': method<LeadTypeDef[]>()({
    input: z.object({ categoryId: id.optional() }).default({}),
    access: 'leads.view',
  }),
  'leadTypes/create': method<LeadTypeDef>()({
    input: z.object({ categoryId: id, ...typeFields }),
    access: 'settings.manage',
  }),
  'leadTypes/update': method<LeadTypeDef>()({
    input: z.object({
      id,
      name: name.optional(),
      conditions: conditionGroupSchema.nullable().optional(),
      isFallback: z.boolean().optional(),
      planId: id.nullable().optional(),
      active: z.boolean().optional(),
    }),
    access: 'settings.manage',
  }),
  'leadTypes/delete': method<null>()({ input: z.object({ id }), access: 'settings.manage' }),
  /**
   * The whole edited list of a category in one transaction, in priority order: new types (no id)
   * are created, the others updated; every existing type must be listed. All or nothing.
   */
  'leadTypes/saveAll': method<LeadTypeDef[]>()({
    input: z.object({ categoryId: id, types: z.array(draftTypeSchema).max(200) }),
    access: 'settings.manage',
  }),
  /** Priority order: the first id is tried first. */
  'leadTypes/reorder': method<LeadTypeDef[]>()({
    input: z.object({ categoryId: id, ids: z.array(id).min(1) }),
    access: 'settings.manage',
  }),
  /**
   * Classifies the category's most recent leads with the edited types (in priority order) and
   * counts how many would change type. Changes nothing.
   */
  'leadTypes/dryRun': method<DryRunResult>()({
    input: z.object({
      categoryId: id,
      types: z.array(draftTypeSchema).max(200),
      limit: z.number().int().min(1).max(10_000).default(10_000),
    }),
    access: 'settings.manage',
  }),
}
