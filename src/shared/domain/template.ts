import { z } from 'zod'

/**
 * How an outbound request (a partner's ping or post, a customer's webhook delivery) is built:
 * which body format it takes, and a template of the keys it carries. Every key maps to a lead
 * field, a fixed value or something Leadline knows about the lead, optionally through one
 * transform from a small fixed list.
 */

/** json / form (application/x-www-form-urlencoded) / xml bodies, or the values in the URL's query string. */
export const REQUEST_FORMATS = ['json', 'form', 'xml', 'query'] as const
export type RequestFormat = (typeof REQUEST_FORMATS)[number]

export const REQUEST_FORMAT_LABELS: Record<RequestFormat, string> = {
  json: 'JSON',
  form: 'Form-encoded',
  xml: 'XML',
  query: 'Query string',
}

/** What Leadline knows about the lead besides its fields. Which ones apply depends on the request. */
export const LEAD_VALUES = ['uuid', 'ping_reference', 'category', 'price', 'assigned_at'] as const
export type LeadValue = (typeof LEAD_VALUES)[number]

export const LEAD_VALUE_LABELS: Record<LeadValue, string> = {
  uuid: 'Lead id',
  ping_reference: "Partner's ping reference",
  category: 'Category',
  price: 'Price',
  assigned_at: 'Assigned at',
}

export const BOOLEAN_WORDS = ['Yes/No', 'true/false', '1/0'] as const
export const DATE_FORMATS = ['MM/DD/YYYY', 'YYYY-MM-DD', 'DD/MM/YYYY', 'MM-DD-YYYY', 'YYYYMMDD'] as const
export const PHONE_FORMATS = ['e164', '10_digits', 'us_pretty'] as const
export const PHONE_FORMAT_LABELS: Record<(typeof PHONE_FORMATS)[number], string> = {
  e164: 'E.164 (+15125550100)',
  '10_digits': '10 digits (5125550100)',
  us_pretty: '(512) 555-0100',
}

export const transformSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('boolean'), words: z.enum(BOOLEAN_WORDS) }),
  z.object({ kind: z.literal('date'), format: z.enum(DATE_FORMATS) }),
  z.object({ kind: z.literal('phone'), format: z.enum(PHONE_FORMATS) }),
  z.object({ kind: z.literal('state'), to: z.enum(['code', 'name']) }),
  z.object({ kind: z.literal('case'), to: z.enum(['upper', 'lower']) }),
  /** Our value → theirs, compared without regard to case; a value not listed is sent unchanged. */
  z.object({ kind: z.literal('map'), values: z.record(z.string().max(200), z.string().max(200)) }),
])
export type Transform = z.infer<typeof transformSchema>
export type TransformKind = Transform['kind']

export const TRANSFORM_LABELS: Record<TransformKind, string> = {
  boolean: 'Boolean as words',
  date: 'Date format',
  phone: 'Phone format',
  state: 'State code / name',
  case: 'Upper / lower case',
  map: 'Value map',
}

export const templateEntrySchema = z.object({
  /** The partner's name for the value; dots nest it in JSON and XML (`applicant.phone`). */
  key: z.string().trim().min(1, 'Enter a key').max(200),
  source: z.enum(['field', 'fixed', 'lead']),
  /** The lead field (source `field`), the fixed text (`fixed`) or a LEAD_VALUES name (`lead`). */
  value: z.string().max(2000),
  transform: transformSchema.nullable().default(null),
  /** Sent when the value is empty; without it an empty value is left out. */
  fallback: z.string().max(2000).nullable().default(null),
})
export type TemplateEntry = z.infer<typeof templateEntrySchema>

export const requestTemplateSchema = z.object({
  /** Every lead field no entry already sends, under its own key (the behaviour of the old field lists). */
  allFields: z.boolean().default(false),
  entries: z.array(templateEntrySchema).max(200).default([]),
})
export type RequestTemplate = z.infer<typeof requestTemplateSchema>

const xmlName = z
  .string()
  .regex(/^[A-Za-z_][\w.-]*$/, 'Use letters, digits, _ . or - and start with a letter')
  .max(100)

/** A partner's requests: one format, a ping template (never contact data) and a post template. */
export const partnerRequestSchema = z.object({
  format: z.enum(REQUEST_FORMATS).default('json'),
  /** The root element of an XML body. */
  xmlRoot: xmlName.default('lead'),
  ping: requestTemplateSchema.default({ allFields: false, entries: [] }),
  post: requestTemplateSchema.default({ allFields: true, entries: [] }),
})
export type PartnerRequest = z.infer<typeof partnerRequestSchema>

/** A customer's webhook body. No template: the standard body (lead id, category, price, fields). */
export const deliveryRequestSchema = z.object({
  format: z.enum(['json', 'form', 'xml']).default('json'),
  httpMethod: z.enum(['POST', 'PUT']).default('POST'),
  xmlRoot: xmlName.default('lead'),
  template: requestTemplateSchema.nullable().default(null),
})
export type DeliveryRequest = z.infer<typeof deliveryRequestSchema>

/**
 * Contact fields that identify a person. A ping never carries them, whatever its template says:
 * the partner has not bought the lead yet.
 */
export const PII_FIELDS: ReadonlySet<string> = new Set([
  'first_name',
  'last_name',
  'name',
  'full_name',
  'email',
  'phone',
  'address',
  'street',
  'street_address',
])

const entry = (key: string, source: TemplateEntry['source'], value: string, more: Partial<TemplateEntry> = {}) =>
  ({ key, source, value, transform: null, fallback: null, ...more }) satisfies TemplateEntry

/**
 * A partner configured before templates existed (a ping field list and renames) as the template
 * that sends exactly the same: the ping's listed fields, the post's lead id, every field and the
 * ping reference, each under its renamed key.
 */
export function requestFromMapping(mapping: { pingFields: string[]; rename: Record<string, string> }): PartnerRequest {
  const renamed = (key: string) => mapping.rename[key] ?? key
  return {
    format: 'json',
    xmlRoot: 'lead',
    // Contact fields in an old ping list were never sent; the template leaves them out.
    ping: {
      allFields: false,
      entries: mapping.pingFields.filter((k) => !PII_FIELDS.has(k)).map((k) => entry(renamed(k), 'field', k)),
    },
    post: {
      allFields: true,
      entries: [
        entry('lead_id', 'lead', 'uuid'),
        ...Object.entries(mapping.rename).map(([ours, theirs]) => entry(theirs, 'field', ours)),
        entry('ping_id', 'lead', 'ping_reference'),
      ],
    },
  }
}

export interface PartnerPreset {
  id: string
  label: string
  description: string
  method: 'POST' | 'PUT' | 'GET'
  request: PartnerRequest
  /** How the answer is read; shaped like partnerResponseSchema's input. */
  response: Record<string, unknown>
}

/** Starting points an operator picks in the partner form and edits to the buyer's documentation. */
export const PARTNER_PRESETS: readonly PartnerPreset[] = [
  {
    id: 'generic-json',
    label: 'Generic JSON',
    description: 'JSON body, every field under its own name; answer {"accepted": true, "price": 12.5, "id": "…"}',
    method: 'POST',
    request: requestFromMapping({ pingFields: ['state', 'zip'], rename: {} }),
    response: { format: 'json', acceptedPath: 'accepted', pricePath: 'price', referencePath: 'id' },
  },
  {
    id: 'generic-form',
    label: 'Generic form POST',
    description: 'application/x-www-form-urlencoded with an API key; answer in JSON',
    method: 'POST',
    request: {
      format: 'form',
      xmlRoot: 'lead',
      ping: {
        allFields: false,
        entries: [
          entry('api_key', 'fixed', 'YOUR-API-KEY'),
          entry('state', 'field', 'state', { transform: { kind: 'state', to: 'code' } }),
          entry('zip', 'field', 'zip'),
        ],
      },
      post: {
        allFields: false,
        entries: [
          entry('api_key', 'fixed', 'YOUR-API-KEY'),
          entry('ping_id', 'lead', 'ping_reference'),
          entry('first_name', 'field', 'first_name'),
          entry('last_name', 'field', 'last_name'),
          entry('email', 'field', 'email'),
          entry('phone', 'field', 'phone', { transform: { kind: 'phone', format: '10_digits' } }),
          entry('address', 'field', 'address'),
          entry('city', 'field', 'city'),
          entry('state', 'field', 'state', { transform: { kind: 'state', to: 'code' } }),
          entry('zip', 'field', 'zip'),
        ],
      },
    },
    response: { format: 'json', acceptedPath: 'accepted', pricePath: 'price', referencePath: 'id' },
  },
  {
    id: 'generic-xml',
    label: 'Generic XML',
    description: 'XML body under <lead>; answer <response><status>accepted</status><price>…</price></response>',
    method: 'POST',
    request: {
      format: 'xml',
      xmlRoot: 'lead',
      ping: {
        allFields: false,
        entries: [
          entry('source.api_key', 'fixed', 'YOUR-API-KEY'),
          entry('geo.state', 'field', 'state'),
          entry('geo.zip', 'field', 'zip'),
        ],
      },
      post: {
        allFields: false,
        entries: [
          entry('source.api_key', 'fixed', 'YOUR-API-KEY'),
          entry('source.ping_id', 'lead', 'ping_reference'),
          entry('contact.first_name', 'field', 'first_name'),
          entry('contact.last_name', 'field', 'last_name'),
          entry('contact.email', 'field', 'email'),
          entry('contact.phone', 'field', 'phone', { transform: { kind: 'phone', format: '10_digits' } }),
          entry('geo.state', 'field', 'state'),
          entry('geo.zip', 'field', 'zip'),
        ],
      },
    },
    response: {
      format: 'xml',
      acceptedPath: 'status',
      acceptedValue: 'accepted',
      pricePath: 'price',
      referencePath: 'id',
    },
  },
]

