import { z } from 'zod'
import {
  LEAD_STATUSES,
  STAGE_KINDS,
  type LeadDetail,
  type LeadRow,
  type LeadStatus,
  type StageKind,
} from '../domain/lead'
import type { Page } from '../domain/page'
import type { FieldType, FieldValidation } from '../domain/config'
import { UNSOLD_REASONS } from '../domain/reports'
import { method } from './define'
import type { SentRequestView } from './settings/partners'

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
  /** The client's IP address, or its beginning (`203.0.113.`). */
  clientIp: z.string().trim().min(1).max(45).optional(),
  /** Why the lead did not sell (the reports' unsold reasons). */
  unsoldReason: z.enum(UNSOLD_REASONS).optional(),
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

/** The reasons a customer usually gives; "Other" requires a note. */
export const RETURN_REASONS = [
  'Wrong phone number',
  'Invalid email',
  'Duplicate of a lead already received',
  'Not interested / did not request',
  'Outside service area',
  'Other',
] as const
export type ReturnReason = (typeof RETURN_REASONS)[number]

const fieldValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])

export const leadEditSchema = z.object({
  id,
  contact: z.record(z.string(), z.union([z.string().max(500), z.null()])).optional(),
  details: z.record(z.string().min(1).max(100), fieldValue).optional(),
  /** When the editor read the lead (`updatedAt`): a lead changed since is refused with CONFLICT. */
  expectedUpdatedAt: z.number().int().min(0).optional(),
})

/** One field of a lead's category, as the edit form and the customer view need it. */
export interface LeadField {
  key: string
  label: string
  type: FieldType
  required: boolean
  deliverable: boolean
  standard: boolean
  validation: FieldValidation
}

export interface ClassificationChange {
  changed: boolean
  from: { categoryName: string | null; leadTypeName: string | null }
  to: { categoryName: string | null; leadTypeName: string | null }
}

export interface ReprocessBreakdown {
  total: number
  eligible: number
  notEligible: number
  byStatus: { status: LeadStatus; count: number; eligible: boolean }[]
  /** Eligible leads with no lead type: only a start from the beginning (Bidding) classifies them. */
  withoutLeadType: number
}

export interface ReprocessSummary {
  requested: number
  outcomes: Partial<Record<LeadStatus, number>>
  /** Leads not in a reprocessable status, left as they were. */
  skipped: number
  /** Eligible leads the chosen start could not take, left as they were, by reason. */
  refused: { reason: string; count: number }[]
}

export interface PingpostRecordView {
  id: number
  publicId: string
  direction: 'inbound' | 'outbound'
  kind: 'ping' | 'post'
  leadId: number | null
  partnerName: string | null
  sourceName: string | null
  url: string | null
  payload: unknown
  /** Outbound: the exact request sent (method, URL, headers, body); null for inbound and older records. */
  request: SentRequestView | null
  response: string | null
  statusCode: number | null
  priceCents: number | null
  latencyMs: number | null
  outcome: string
  reference: string | null
  createdAt: number
}

export interface CustomerViewRow {
  id: number
  uuid: string
  status: LeadStatus
  assignedAt: number | null
  chargedCents: number | null
  /** Only the fields marked deliverable in the lead's category; nothing else leaves the main process. */
  values: Record<string, unknown>
}

export interface CustomerViewPage {
  customer: { id: number; name: string }
  columns: { key: string; label: string }[]
  total: number
  rows: CustomerViewRow[]
}

export const leadsContract = {
  'leads/list': method<Page<LeadRow>>()({ input: leadListSchema, access: 'leads.view' }),
  'leads/get': method<LeadDetail>()({ input: z.object({ id }), access: 'leads.view' }),
  'leads/fields': method<LeadField[]>()({ input: z.object({ id }), access: 'leads.view' }),
  'leads/filterOptions': method<{
    categories: { id: number; name: string }[]
    leadTypes: { id: number; name: string; categoryId: number }[]
    sources: { id: number; name: string }[]
    customers: { id: number; name: string }[]
  }>()({ input: z.object({}).optional(), access: 'leads.view' }),
  'leads/edit': method<{ changed: string[]; reclassified: ClassificationChange; stages: StageKind[] }>()({
    input: leadEditSchema,
    access: 'leads.edit',
  }),
  'leads/reclassify': method<ClassificationChange>()({ input: z.object({ id }), access: 'leads.reclassify' }),
  'leads/return': method<{ status: 'Returned'; creditedCents: number; reversedCents: number }>()({
    input: z
      .object({
        id,
        reason: z.enum(RETURN_REASONS),
        note: z.string().trim().max(500).default(''),
        /** Posted leads: how much of the partner's price it takes back (default: all of it). */
        amountCents: z.number().int().min(0).max(100_000_000).nullable().default(null),
      })
      .refine((v) => v.reason !== 'Other' || v.note.length > 0, {
        message: 'Say why the customer returned it',
        path: ['note'],
      }),
    access: 'leads.return',
  }),
  /** A post whose outcome is unknown: the partner took the lead (Posted) or did not (the plan goes on). */
  'leads/settlePost': method<{ status: LeadStatus }>()({
    input: z.object({
      id,
      decision: z.enum(['sold', 'not_sold']),
      /** The price the partner pays, when it differs from its bid or the bid is unknown. */
      priceCents: z.number().int().min(0).max(100_000_000).nullable().default(null),
    }),
    access: 'leads.settle',
  }),
  'leads/stages': method<StageKind[]>()({ input: z.object({ id }), access: 'leads.view' }),
  'leads/reprocessPreview': method<ReprocessBreakdown>()({
    input: z.object({ selection: leadSelectionSchema }),
    access: 'leads.view',
  }),
  'leads/reprocess': method<ReprocessSummary>()({
    input: z.object({
      selection: leadSelectionSchema,
      /**
       * null = the whole process from the beginning, exactly as for a new lead (validation,
       * classification, duplicate check, audit, threshold, then the plan): what "Bidding" means
       * for a bulk Process. A stage = that stage of the plan onwards, keeping the classification.
       */
      from: z.enum(STAGE_KINDS).nullable().default(null),
      /** Chosen by the caller so that it can follow the `progress` events of this run. */
      job: z.string().min(1).max(100).default('reprocess'),
    }),
    access: 'leads.reprocess',
  }),
  'leads/delete': method<{ deleted: number }>()({
    input: z.object({ selection: leadSelectionSchema, job: z.string().min(1).max(100).optional() }),
    access: 'leads.delete',
  }),
  'leads/pingpostRecords': method<PingpostRecordView[]>()({ input: z.object({ id }), access: 'leads.view' }),
  'leads/customerView': method<CustomerViewPage>()({
    input: z.object({
      customerId: id,
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(500).default(50),
    }),
    access: 'leads.view',
  }),
}
