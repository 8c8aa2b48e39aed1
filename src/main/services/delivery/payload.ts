import type { DeliverableLead } from '../../db/repositories/deliveries'

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
