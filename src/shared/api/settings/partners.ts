import { z } from 'zod'
import {
  type FieldType,
  partnerMappingSchema,
  type PartnerResponse,
  partnerResponseSchema,
} from '../../domain/config'
import { type PartnerRequest, partnerRequestSchema } from '../../domain/template'
import { method } from '../define'
import { cents, id, name } from './common'

export const PARTNER_METHODS = ['POST', 'PUT', 'GET'] as const
export type PartnerMethod = (typeof PARTNER_METHODS)[number]

export interface PartnerDef {
  id: number
  name: string
  pingUrl: string | null
  postUrl: string
  method: PartnerMethod
  headers: Record<string, string>
  /** The request format and the ping and post templates. */
  request: PartnerRequest
  response: PartnerResponse
  timeoutMs: number
  minPriceCents: number
  active: boolean
  createdAt: number
}

/** A request as it went (or would go) over the wire. */
export interface SentRequestView {
  method: string
  url: string
  headers: Record<string, string>
  body: string | null
}

/** What a test ping or post sent and got back, and how Leadline read the answer. */
export interface TestPingResult {
  kind: 'ping' | 'post'
  /** The lead the request was built from (the built-in sample unless one was given). */
  sample: Record<string, unknown>
  request: SentRequestView
  response: { statusCode: number | null; body: string; latencyMs: number | null }
  parsed: {
    outcome: string
    accepted: boolean
    priceCents: number | null
    reference: string | null
    error: string | null
  }
}

/** A lead field a template may name: its types across the categories, and whether any delivers it. */
export interface TemplateFieldInfo {
  key: string
  types: FieldType[]
  deliverable: boolean
}

const url = z.url({ protocol: /^https?$/, message: 'Enter a full http(s) URL' })

const partnerFields = {
  name,
  pingUrl: url.nullable().default(null),
  postUrl: url,
  method: z.enum(PARTNER_METHODS).default('POST'),
  headers: z.record(z.string().min(1), z.string()).default({}),
  /** The request template; without one, `mapping` (the older field list and renames) or the Generic JSON preset. */
  request: partnerRequestSchema.optional(),
  /** Older clients' field list and renames, read as the equivalent Generic JSON template. */
  mapping: partnerMappingSchema.optional(),
  response: partnerResponseSchema.default({
    format: 'json',
    acceptedPath: 'accepted',
    pricePath: 'price',
    referencePath: 'id',
    priceUnit: 'dollars',
  }),
  timeoutMs: z
    .number()
    .int('Whole milliseconds')
    .min(50, 'At least 50 ms')
    .max(60_000, 'At most 60,000 ms (a minute)')
    .default(1000),
  minPriceCents: cents.default(0),
  active: z.boolean().default(true),
}

export const partnerInputSchema = z.object(partnerFields)
export type PartnerInput = z.input<typeof partnerInputSchema>
export type PartnerFields = z.output<typeof partnerInputSchema>

export const partnersContract = {
  'partners/list': method<PartnerDef[]>()({ input: z.object({}).default({}), access: 'settings.manage' }),
  'partners/create': method<PartnerDef>()({ input: z.object(partnerFields), access: 'settings.manage' }),
  'partners/update': method<PartnerDef>()({ input: z.object({ id, ...partnerFields }), access: 'settings.manage' }),
  'partners/delete': method<null>()({ input: z.object({ id }), access: 'settings.manage' }),
  /** The lead fields partner and webhook templates may name, for the template editor. */
  'partners/templateFields': method<TemplateFieldInfo[]>()({
    input: z.object({}).default({}),
    access: 'settings.manage',
  }),
  /**
   * Sends a test ping or post with a sample lead (given, or a built-in one) and shows the exact
   * request and the raw answer. Either a saved partner (`id`) or the form's unsaved settings
   * (`partner`), so a template can be tried before it is saved.
   */
  'partners/testPing': method<TestPingResult>()({
    input: z
      .object({
        id: id.optional(),
        partner: z.object(partnerFields).optional(),
        kind: z.enum(['ping', 'post']).default('ping'),
        sample: z.record(z.string(), z.unknown()).optional(),
      })
      .refine((v) => v.id !== undefined || v.partner !== undefined, { message: 'Give a partner id or settings' }),
    access: 'settings.manage',
  }),
}
