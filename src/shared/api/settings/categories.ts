import { z } from 'zod'
import {
  type AuditRule,
  auditRuleSchema,
  conditionGroupSchema,
  type ConditionGroup,
  type DuplicateRule,
  duplicateRuleSchema,
  FIELD_TYPES,
  type FieldType,
  type FieldValidation,
  fieldValidationSchema,
} from '../../domain/config'
import { method } from '../define'
import { id, name } from './common'

export interface CategorySummary {
  id: number
  slug: string
  name: string
  archived: boolean
  fieldCount: number
  leadTypeCount: number
}

export interface FieldDef {
  id: number
  key: string
  label: string
  type: FieldType
  required: boolean
  requiredForPing: boolean
  deliverable: boolean
  standard: boolean
  validation: FieldValidation
  position: number
}

export interface CategoryDetail extends CategorySummary {
  fields: FieldDef[]
  matchConditions: ConditionGroup | null
  duplicateRule: DuplicateRule
  auditRule: AuditRule
  defaultPlanId: number | null
}

/** How many stored leads a field change would make invalid, and a few examples. */
export interface FieldImpact {
  checked: number
  invalid: number
  samples: { id: number; uuid: string; value: unknown; reason: string }[]
}

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'Use lowercase letters, digits and dashes')
  .max(60)

export const fieldInputSchema = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]*$/, 'Start with a letter; use lowercase letters, digits and _')
    .max(60),
  label: z.string().trim().min(1, 'Enter a label').max(120),
  type: z.enum(FIELD_TYPES),
  required: z.boolean().default(false),
  requiredForPing: z.boolean().default(false),
  deliverable: z.boolean().default(true),
  validation: fieldValidationSchema.default({}),
})
export type FieldInput = z.input<typeof fieldInputSchema>

export const categoriesContract = {
  'categories/list': method<CategorySummary[]>()({
    input: z.object({ includeArchived: z.boolean().default(true) }).default({ includeArchived: true }),
    access: 'leads.view',
  }),
  'categories/get': method<CategoryDetail>()({ input: z.object({ id }), access: 'leads.view' }),
  'categories/create': method<CategoryDetail>()({
    input: z.object({ name, slug: slug.optional() }),
    access: 'settings.manage',
  }),
  'categories/update': method<CategoryDetail>()({
    input: z.object({
      id,
      name: name.optional(),
      archived: z.boolean().optional(),
      matchConditions: conditionGroupSchema.nullable().optional(),
      duplicateRule: duplicateRuleSchema.optional(),
      auditRule: auditRuleSchema.optional(),
      defaultPlanId: id.nullable().optional(),
    }),
    access: 'settings.manage',
  }),
  /** Creates (no fieldId) or changes a field. Standard fields keep key, type and label. */
  'categories/saveField': method<CategoryDetail>()({
    input: z.object({ categoryId: id, fieldId: id.optional(), field: fieldInputSchema }),
    access: 'settings.manage',
  }),
  'categories/deleteField': method<CategoryDetail>()({
    input: z.object({ categoryId: id, fieldId: id }),
    access: 'settings.manage',
  }),
  'categories/reorderFields': method<CategoryDetail>()({
    input: z.object({ categoryId: id, fieldIds: z.array(id).min(1) }),
    access: 'settings.manage',
  }),
  /** Before saving: how many of the category's leads the changed field would make invalid. */
  'categories/fieldImpact': method<FieldImpact>()({
    input: z.object({ categoryId: id, fieldId: id.optional(), field: fieldInputSchema }),
    access: 'settings.manage',
  }),
}
