import type { Selectable } from 'kysely'
import type { PartnerDef } from '../../../../shared/api/settings/partners'
import { partnerMappingSchema, type PartnerResponse, partnerResponseSchema } from '../../../../shared/domain/config'
import { partnerRequestSchema, requestFromMapping } from '../../../../shared/domain/template'
import { parseJson } from '../../json'
import type { PartnersTable } from '../../schema'

/**
 * A partner's request template; a partner saved before templates existed (or whose template no
 * longer parses) is read from its field list and renames as the equivalent Generic JSON template.
 */
export function requestOfRow(row: Pick<Selectable<PartnersTable>, 'request' | 'mapping'>): PartnerDef['request'] {
  const stored = row.request === null ? null : partnerRequestSchema.safeParse(parseJson<unknown>(row.request, null))
  if (stored?.success) return stored.data
  const mapping = partnerMappingSchema.safeParse(parseJson<unknown>(row.mapping, {}))
  return requestFromMapping(mapping.success ? mapping.data : { pingFields: [], rename: {} })
}

export function methodOfRow(method: string): PartnerDef['method'] {
  const m = method.toUpperCase()
  return m === 'PUT' || m === 'GET' ? m : 'POST'
}

export function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  )
}

const DEFAULT_RESPONSE: PartnerResponse = partnerResponseSchema.parse({ format: 'json' })

/** How the partner's answer is read; a stored value that no longer parses reads as the JSON default. */
export function responseOfRow(text: string): PartnerResponse {
  const parsed = partnerResponseSchema.safeParse(parseJson<unknown>(text, {}))
  return parsed.success ? parsed.data : DEFAULT_RESPONSE
}
