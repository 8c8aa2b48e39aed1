import { z } from 'zod'
import {
  type PartnerMapping,
  partnerMappingSchema,
  type PartnerResponse,
  partnerResponseSchema,
} from '../../domain/config'
import { method } from '../define'
import { cents, id, name } from './common'

export interface PartnerDef {
  id: number
  name: string
  pingUrl: string | null
  postUrl: string
  method: 'POST' | 'PUT'
  headers: Record<string, string>
  mapping: PartnerMapping
  response: PartnerResponse
  timeoutMs: number
  minPriceCents: number
  active: boolean
  createdAt: number
}

/** What a test ping sent and got back, and how Leadline read the answer. */
export interface TestPingResult {
  /** The lead the ping was built from (the built-in sample unless one was given). */
  sample: Record<string, unknown>
  request: { url: string; method: string; headers: Record<string, string>; body: string }
  response: { statusCode: number | null; body: string; latencyMs: number | null }
  parsed: {
    outcome: string
    accepted: boolean
    priceCents: number | null
    reference: string | null
    error: string | null
  }
}

const url = z.url({ protocol: /^https?$/, message: 'Enter a full http(s) URL' })

const partnerFields = {
  name,
  pingUrl: url.nullable().default(null),
  postUrl: url,
  method: z.enum(['POST', 'PUT']).default('POST'),
  headers: z.record(z.string().min(1), z.string()).default({}),
  mapping: partnerMappingSchema.default({ pingFields: [], rename: {} }),
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

export const partnersContract = {
  'partners/list': method<PartnerDef[]>()({ input: z.object({}).default({}), access: 'settings.manage' }),
  'partners/create': method<PartnerDef>()({ input: z.object(partnerFields), access: 'settings.manage' }),
  'partners/update': method<PartnerDef>()({ input: z.object({ id, ...partnerFields }), access: 'settings.manage' }),
  'partners/delete': method<null>()({ input: z.object({ id }), access: 'settings.manage' }),
  /** Pings the partner with a sample lead (given, or a built-in one) and shows the raw exchange. */
  'partners/testPing': method<TestPingResult>()({
    input: z.object({ id, sample: z.record(z.string(), z.unknown()).optional() }),
    access: 'settings.manage',
  }),
}
