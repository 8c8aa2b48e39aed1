import type { DeliveryRequest } from '../../../shared/domain/template'
import type { DeliverableLead } from '../../db/repositories/deliveries'
import { renderTemplate } from '../../engine/template/render'
import { type BuiltRequest, buildRequest } from '../../engine/template/serialize'

/**
 * The body a customer's webhook receives: only fields the category marks deliverable. Contact
 * fields follow the same rule; a field the category does not define at all is never sent, except
 * the extension of a deliverable phone.
 */
export function deliveryPayload(lead: DeliverableLead, deliverableKeys: readonly string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const key of deliverableKeys) {
    const value = lead.values[key]
    if (value !== undefined && value !== null && value !== '') fields[key] = value
    // A deliverable phone carries its extension (kept as `<key>_ext`), or the buyer cannot call.
    const ext = lead.values[`${key}_ext`]
    if (typeof ext === 'string' && ext !== '' && fields[key] !== undefined) fields[`${key}_ext`] = ext
  }
  return {
    uuid: lead.uuid,
    category: lead.categorySlug,
    price: lead.chargedCents === null ? null : lead.chargedCents / 100,
    assigned_at: lead.assignedAt === null ? null : new Date(lead.assignedAt).toISOString(),
    fields,
  }
}

/**
 * The webhook request exactly as it is sent: the customer's format and method, and its template
 * over the deliverable fields only (a template can name nothing else: undeliverable fields read
 * as empty here, whatever was saved).
 */
export function deliveryRequest(
  lead: DeliverableLead,
  deliverableKeys: readonly string[],
  webhook: { url: string; headers: Record<string, string>; request: DeliveryRequest },
): BuiltRequest {
  const { format, httpMethod, xmlRoot, template } = webhook.request
  let values: Record<string, unknown>
  if (template === null) values = deliveryPayload(lead, deliverableKeys)
  else {
    const deliverable = new Set(deliverableKeys)
    const fields: Record<string, unknown> = {}
    for (const key of deliverable) fields[key] = lead.values[key]
    values = renderTemplate(
      template,
      {
        fields,
        lead: {
          uuid: lead.uuid,
          category: lead.categorySlug,
          price: lead.chargedCents === null ? null : (lead.chargedCents / 100).toFixed(2),
          assigned_at: lead.assignedAt === null ? null : new Date(lead.assignedAt).toISOString(),
        },
      },
      { nest: format !== 'form', excluded: (key) => !deliverable.has(key) },
    )
  }
  return buildRequest({ format, method: httpMethod, url: webhook.url, headers: webhook.headers, values, xmlRoot })
}
