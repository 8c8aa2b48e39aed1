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
}

export const sourcesContract = {
  'sources/list': method<SourceDef[]>()({ input: z.object({}).default({}), access: 'leads.view' }),
  /** The key is in this answer only; the workspace keeps its hash. */
  'sources/create': method<{ source: SourceDef; apiKey: string }>()({
    input: z.object({
      name,
      defaultCategoryId: id.nullable().default(null),
      costPerLeadCents: cents.default(0),
      active: z.boolean().default(true),
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
    }),
    access: 'settings.manage',
  }),
  /** A new key replaces the old one at once; the old key stops working. */
  'sources/rotateKey': method<{ source: SourceDef; apiKey: string }>()({
    input: z.object({ id }),
    access: 'settings.manage',
  }),
}
