import { PII_FIELDS } from '../../../shared/domain/template'
import { renderTemplate } from '../../engine/template/render'
import { type BuiltRequest, buildRequest } from '../../engine/template/serialize'
import type { PartnerConfig, PingPostLead } from './types'

export { PII_FIELDS }

/** The values of a partner's ping or post for this lead, keyed the partner's way. */
export function renderFor(
  partner: PartnerConfig,
  kind: 'ping' | 'post',
  lead: PingPostLead,
  pingReference: string | null,
): Record<string, unknown> {
  const { format } = partner.request
  return renderTemplate(
    partner.request[kind],
    { fields: lead.fields, lead: { uuid: lead.uuid, ping_reference: kind === 'post' ? pingReference : null } },
    { nest: format === 'json' || format === 'xml', excluded: kind === 'ping' ? (k) => PII_FIELDS.has(k) : undefined },
  )
}

/** The request exactly as it will be sent to `url`: the partner's format, method and headers. */
export function partnerRequest(partner: PartnerConfig, url: string, values: Record<string, unknown>): BuiltRequest {
  return buildRequest({
    format: partner.request.format,
    method: partner.method,
    url,
    headers: partner.headers,
    values,
    xmlRoot: partner.request.xmlRoot,
  })
}
