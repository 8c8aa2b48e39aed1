export const LEAD_STATUSES = [
  'Pending',
  'Assigned',
  'Posted',
  'Duplicate',
  'Returned',
  'Unassigned',
  'Withheld',
  'Marketplace',
  'Audit',
  'Uncategorized',
  'Distribution Error',
  /** A post to a partner may have sold it (no answer, or none that could be read); an operator decides. */
  'Outcome Unknown',
] as const

export type LeadStatus = (typeof LEAD_STATUSES)[number]

/** A lead counts as sold once it left us for a buyer, even if the buyer gave it back. */
export const SOLD_STATUSES: readonly LeadStatus[] = ['Assigned', 'Posted', 'Returned']

/** Only these may be sent through distribution again. */
export const REPROCESSABLE_STATUSES: readonly LeadStatus[] = [
  'Pending',
  'Unassigned',
  'Uncategorized',
  'Distribution Error',
]

export const STAGE_KINDS = ['bidding', 'pingpost', 'marketplace', 'direct_post'] as const
export type StageKind = (typeof STAGE_KINDS)[number]

export const STAGE_LABELS: Record<StageKind, string> = {
  bidding: 'Bidding',
  pingpost: 'Trigger Ping/Post',
  marketplace: 'Marketplace',
  direct_post: 'Trigger Post Marketplace Direct Post',
}

export const CONTACT_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'address',
  'city',
  'county',
  'state',
  'zip',
] as const
export type ContactField = (typeof CONTACT_FIELDS)[number]

export type Contact = Record<ContactField, string | null>

/** How a contact field is named where its category gives no label of its own. */
export const CONTACT_LABELS: Record<ContactField, string> = {
  first_name: 'First name',
  last_name: 'Last name',
  email: 'Email',
  phone: 'Phone',
  address: 'Address',
  city: 'City',
  county: 'County',
  state: 'State',
  zip: 'ZIP',
}

/** Contact fields are lead columns; every other field key lives in the lead's details. */
export function isContactField(key: string): key is ContactField {
  return (CONTACT_FIELDS as readonly string[]).includes(key)
}

export function isSold(status: LeadStatus): boolean {
  return SOLD_STATUSES.includes(status)
}

/** One row of the leads table. Times are epoch milliseconds (UTC). */
export interface LeadRow {
  id: number
  uuid: string
  status: LeadStatus
  firstName: string | null
  lastName: string | null
  email: string | null
  phone: string | null
  state: string | null
  zip: string | null
  sourceId: number | null
  sourceName: string | null
  categoryId: number | null
  categoryName: string | null
  leadTypeId: number | null
  leadTypeName: string | null
  customerId: number | null
  customerName: string | null
  chargedCents: number | null
  createdAt: number
  updatedAt: number
  assignedAt: number | null
  /** The consumer's IP address, sent by the source or of the intake request. */
  clientIp: string | null
}

export interface LeadEvent {
  id: number
  at: number
  stage: string
  kind: string
  message: string
  data: unknown
}

export interface LeadDetail extends LeadRow {
  contact: Contact
  details: Record<string, unknown>
  partnerId: number | null
  partnerName: string | null
  bidId: number | null
  importBatchId: number | null
  pingRecordId: number | null
  postRecordId: number | null
  returnReason: string | null
  returnedAt: number | null
  userAgent: string | null
  events: LeadEvent[]
}
