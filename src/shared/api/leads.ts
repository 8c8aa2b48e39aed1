import { z } from 'zod'
import { LEAD_STATUSES, type LeadDetail, type LeadRow } from '../domain/lead'
import type { Page } from '../domain/page'
import { method } from './define'

const id = z.number().int().positive()

export const LEAD_SORT_COLUMNS = ['createdAt', 'updatedAt', 'status', 'lastName', 'email', 'chargedCents'] as const

export const leadFilterSchema = z.object({
  status: z.array(z.enum(LEAD_STATUSES)).optional(),
  sold: z.boolean().optional(),
  categoryId: z.array(id).optional(),
  leadTypeId: z.array(id).optional(),
  sourceId: z.array(id).optional(),
  customerId: z.array(id).optional(),
  createdFrom: z.number().int().optional(),
  createdTo: z.number().int().optional(),
  search: z.string().trim().max(200).optional(),
})
export type LeadFilter = z.infer<typeof leadFilterSchema>

/** A selection is either explicit ids, or "everything matching the filter except these". */
export const leadSelectionSchema = z.union([
  z.object({ ids: z.array(id).min(1).max(100_000) }),
  z.object({ filter: leadFilterSchema, exclude: z.array(id).max(100_000).default([]) }),
])
export type LeadSelection = z.input<typeof leadSelectionSchema>

export const leadListSchema = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
  sort: z
    .object({ column: z.enum(LEAD_SORT_COLUMNS), direction: z.enum(['asc', 'desc']) })
    .default({ column: 'createdAt', direction: 'desc' }),
  filter: leadFilterSchema.default({}),
})

export const leadsContract = {
  'leads/list': method<Page<LeadRow>>()({ input: leadListSchema, access: 'leads.view' }),
  'leads/get': method<LeadDetail>()({ input: z.object({ id }), access: 'leads.view' }),
  'leads/delete': method<{ deleted: number }>()({
    input: z.object({ selection: leadSelectionSchema }),
    access: 'leads.delete',
  }),
}
