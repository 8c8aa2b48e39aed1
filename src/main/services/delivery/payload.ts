import type { DeliverableLead } from '../../db/repositories/deliveries'

/**
 * The body a customer's webhook receives: only fields the category marks deliverable. Contact
 * fields follow the same rule; a field the category does not define at all is never sent.
 */
export function deliveryPayload(lead: DeliverableLead, deliverableKeys: readonly string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const key of deliverableKeys) {
    const value = lead.values[key]
    if (value !== undefined && value !== null && value !== '') fields[key] = value
  }
  return {
    uuid: lead.uuid,
    category: lead.categorySlug,
    price: lead.chargedCents === null ? null : lead.chargedCents / 100,
    assigned_at: lead.assignedAt === null ? null : new Date(lead.assignedAt).toISOString(),
    fields,
  }
}
