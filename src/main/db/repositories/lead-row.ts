import type { Selectable } from 'kysely'
import { CONTACT_FIELDS, type Contact, type LeadRow, type LeadStatus } from '../../../shared/domain/lead'
import type { LeadsTable } from '../schema'

/** The lead columns that hold its contact, in the order forms and exports show them. */
export const CONTACT_COLUMNS = CONTACT_FIELDS

/**
 * Every column of a leads row, named one by one: on PostgreSQL the table also holds the generated
 * `search_doc` (its full-text words), which `selectAll('leads')` would fetch with every row.
 */
export const LEAD_ALL_COLUMNS = [
  'leads.id',
  'leads.uuid',
  'leads.status',
  'leads.first_name',
  'leads.last_name',
  'leads.email',
  'leads.phone',
  'leads.address',
  'leads.city',
  'leads.county',
  'leads.state',
  'leads.zip',
  'leads.details',
  'leads.source_id',
  'leads.category_id',
  'leads.lead_type_id',
  'leads.customer_id',
  'leads.bid_id',
  'leads.partner_id',
  'leads.charged_cents',
  'leads.cost_cents',
  'leads.ping_record_id',
  'leads.post_record_id',
  'leads.import_batch_id',
  'leads.idempotency_key',
  'leads.delivery_status',
  'leads.return_reason',
  'leads.returned_at',
  'leads.assigned_at',
  'leads.created_at',
  'leads.updated_at',
  'leads.processed_at',
  'leads.resume_from',
  'leads.client_ip',
  'leads.user_agent',
  'leads.unsold_reason',
] as const satisfies readonly `leads.${keyof LeadsTable}`[]

type Named<T> = T extends `leads.${infer C}` ? C : never
/** A column added to LeadsTable and not to the list above fails to compile here. */
const allNamed: [Exclude<keyof LeadsTable, Named<(typeof LEAD_ALL_COLUMNS)[number]>>] extends [never] ? true : never =
  true
void allNamed

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
