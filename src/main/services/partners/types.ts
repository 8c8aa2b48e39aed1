import type { PartnerDef } from '../../../shared/api/settings/partners'
import { isStringRecord, methodOfRow, requestOfRow, responseOfRow } from '../../db/repositories/config/partner-row'
import { parseJson } from '../../db/json'
import type { PartnersTable } from '../../db/schema'
import type { Selectable } from 'kysely'
import type { BuiltRequest } from '../../engine/template/serialize'

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
  /** The values the template produced, by the partner's keys. */
  payload: Record<string, unknown>
  /** The exact request sent: method, URL (with its query string), headers and body bytes. */
  request?: BuiltRequest
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
  /** The stored record's public id, which the lead's trace line names so the record can be found from it. */
  recordPublicId?: string
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

/** Reads a `partners` row; JSON columns that no longer parse fall back to safe defaults. */
export function partnerFromRow(row: Selectable<PartnersTable>): PartnerConfig {
  const headers = parseJson<unknown>(row.headers, {})
  return {
    id: row.id,
    name: row.name,
    pingUrl: row.ping_url,
    postUrl: row.post_url,
    method: methodOfRow(row.method),
    headers: isStringRecord(headers) ? headers : {},
    request: requestOfRow(row),
    response: responseOfRow(row.response),
    timeoutMs: row.timeout_ms,
    minPriceCents: row.min_price_cents,
    active: row.active === 1,
  }
}

export const money = (cents: number): string => (cents / 100).toFixed(2)
