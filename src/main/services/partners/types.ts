import type { PartnerDef } from '../../../shared/api/settings/partners'
import { partnerMappingSchema, type PartnerResponse, partnerResponseSchema } from '../../../shared/domain/config'
import { parseJson } from '../../db/json'
import type { PartnersTable } from '../../db/schema'
import type { Selectable } from 'kysely'

/** An external buyer reached by ping/post, as the engine uses it: the settings definition without its bookkeeping. */
export type PartnerConfig = Omit<PartnerDef, 'createdAt'>

export type ExchangeOutcome =
  | 'bid'
  | 'no_bid'
  | 'below_min'
  | 'timeout'
  | 'error'
  | 'malformed'
  | 'accepted'
  | 'declined'
  /** A post that may have reached the partner but whose answer never arrived or could not be read. */
  | 'unknown'

/** One outbound ping or post, exactly as it went over the wire and what came back. */
export interface PartnerExchange {
  partnerId: number
  kind: 'ping' | 'post'
  url: string
  payload: Record<string, unknown>
  /** Response body, cut at 64 KB. */
  response: string | null
  statusCode: number | null
  priceCents: number | null
  latencyMs: number
  outcome: ExchangeOutcome
  reference: string | null
  /** Why it did not end in a bid or an acceptance, in words an operator reads in the trace. */
  error: string | null
  /** Set when the exchange was stored before it was sent (posts): the record to update, not insert. */
  recordId?: number
}

export interface TraceLine {
  message: string
  data?: unknown
}

/** The lead as ping/post sees it: its uuid and every field (contact and details) by key. */
export interface PingPostLead {
  uuid: string
  fields: Record<string, unknown>
}

const DEFAULT_RESPONSE: PartnerResponse = partnerResponseSchema.parse({ format: 'json' })

/** Reads a `partners` row; JSON columns that no longer parse fall back to safe defaults. */
export function partnerFromRow(row: Selectable<PartnersTable>): PartnerConfig {
  const mapping = partnerMappingSchema.safeParse(parseJson<unknown>(row.mapping, {}))
  const response = partnerResponseSchema.safeParse(parseJson<unknown>(row.response, {}))
  const headers = parseJson<unknown>(row.headers, {})
  return {
    id: row.id,
    name: row.name,
    pingUrl: row.ping_url,
    postUrl: row.post_url,
    method: row.method.toUpperCase() === 'PUT' ? 'PUT' : 'POST',
    headers: isStringRecord(headers) ? headers : {},
    mapping: mapping.success ? mapping.data : { pingFields: [], rename: {} },
    response: response.success ? response.data : DEFAULT_RESPONSE,
    timeoutMs: row.timeout_ms,
    minPriceCents: row.min_price_cents,
    active: row.active === 1,
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  )
}

export const money = (cents: number): string => (cents / 100).toFixed(2)
