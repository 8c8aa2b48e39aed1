import { z } from 'zod'
import { method } from '../define'
import { cents, id, name } from './common'

export interface SourceDef {
  id: number
  name: string
  apiKeyHint: string
  defaultCategoryId: number | null
  defaultCategoryName: string | null
  costPerLeadCents: number
  active: boolean
  createdAt: number
  /** Field names this source sends → the field keys they mean (`phone_1` → `phone`). */
  fieldAliases: Record<string, string>
}

const fieldName = z
  .string()
  .trim()
  .min(1, 'Enter a field name')
  .max(64, 'At most 64 characters')
  .refine((v) => v !== '__proto__', 'Not a usable field name')

/** At most 50 aliases; two names may not map to the same key. */
export const fieldAliasesSchema = z
  .record(fieldName, fieldName)
  .refine((a) => Object.keys(a).length <= 50, 'At most 50 aliases')
  .refine((a) => new Set(Object.values(a)).size === Object.values(a).length, 'Two names map to the same field')
  .refine((a) => Object.entries(a).every(([from, to]) => from !== to), 'An alias must differ from its field key')

export const sourcesContract = {
  'sources/list': method<SourceDef[]>()({ input: z.object({}).default({}), access: 'leads.view' }),
  /** The key is in this answer only; the workspace keeps its hash. */
  'sources/create': method<{ source: SourceDef; apiKey: string }>()({
    input: z.object({
      name,
      defaultCategoryId: id.nullable().default(null),
      costPerLeadCents: cents.default(0),
      active: z.boolean().default(true),
      fieldAliases: fieldAliasesSchema.default({}),
    }),
    access: 'settings.manage',
  }),
  'sources/update': method<SourceDef>()({
    input: z.object({
      id,
      name: name.optional(),
      defaultCategoryId: id.nullable().optional(),
      costPerLeadCents: cents.optional(),
      active: z.boolean().optional(),
      fieldAliases: fieldAliasesSchema.optional(),
    }),
    access: 'settings.manage',
  }),
  /** A new key replaces the old one at once; the old key stops working. */
  'sources/rotateKey': method<{ source: SourceDef; apiKey: string }>()({
    input: z.object({ id }),
    access: 'settings.manage',
  }),
}
