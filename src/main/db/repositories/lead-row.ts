import type { Selectable } from 'kysely'
import { CONTACT_FIELDS, type Contact, type LeadRow, type LeadStatus } from '../../../shared/domain/lead'
import type { LeadsTable } from '../schema'

/** The lead columns that hold its contact, in the order forms and exports show them. */
export const CONTACT_COLUMNS = CONTACT_FIELDS

/** The contact part of a leads row (any row that carries the nine contact columns). */
export function contactOf(r: Contact): Contact {
  return {
    first_name: r.first_name,
    last_name: r.last_name,
    email: r.email,
    phone: r.phone,
    address: r.address,
    city: r.city,
    county: r.county,
    state: r.state,
    zip: r.zip,
  }
}

/** What a leads row joined with its source, category, lead type and customer names must carry. */
export type LeadRowColumns = Pick<
  Selectable<LeadsTable>,
  | 'id'
  | 'uuid'
  | 'status'
  | 'first_name'
  | 'last_name'
  | 'email'
  | 'phone'
  | 'state'
  | 'zip'
  | 'source_id'
  | 'category_id'
  | 'lead_type_id'
  | 'customer_id'
  | 'charged_cents'
  | 'created_at'
  | 'updated_at'
  | 'assigned_at'
  | 'client_ip'
> & {
  source_name: string | null
  category_name: string | null
  lead_type_name: string | null
  customer_name: string | null
}

/** One row of the leads table as the console shows it. */
export function toLeadRow(r: LeadRowColumns): LeadRow {
  return {
    id: r.id,
    uuid: r.uuid,
    // Statuses are written only from LEAD_STATUSES.
    status: r.status as LeadStatus,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    phone: r.phone,
    state: r.state,
    zip: r.zip,
    sourceId: r.source_id,
    sourceName: r.source_name,
    categoryId: r.category_id,
    categoryName: r.category_name,
    leadTypeId: r.lead_type_id,
    leadTypeName: r.lead_type_name,
    customerId: r.customer_id,
    customerName: r.customer_name,
    chargedCents: r.charged_cents,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    assignedAt: r.assigned_at,
    clientIp: r.client_ip,
  }
}
