import type { FieldType } from '../../../shared/domain/config'
import type {
  LeadValue,
  RequestFormat,
  RequestTemplate,
  TemplateEntry,
  TransformKind,
} from '../../../shared/domain/template'
import { LEAD_VALUE_LABELS } from '../../../shared/domain/template'

/** A lead field as templates see it: the types it has in the categories that define it. */
export interface KnownField {
  types: ReadonlySet<FieldType>
  /** Deliverable in at least one category. */
  deliverable: boolean
}

/** Field types each transform reads; `map` reads anything. */
const TRANSFORM_TYPES: Record<Exclude<TransformKind, 'map'>, readonly FieldType[]> = {
  boolean: ['boolean'],
  date: ['date'],
  phone: ['phone'],
  state: ['text', 'choice'],
  case: ['text', 'email', 'choice', 'zip', 'phone'],
}

const LEAD_VALUE_TYPES: Record<LeadValue, FieldType> = {
  uuid: 'text',
  ping_reference: 'text',
  category: 'text',
  price: 'number',
  assigned_at: 'date',
}

const TRANSFORM_NAMES: Record<TransformKind, string> = {
  boolean: 'a boolean',
  date: 'a date format',
  phone: 'a phone format',
  state: 'a state code / name',
  case: 'an upper / lower case',
  map: 'a value map',
}

const XML_NAME = /^[A-Za-z_][\w.-]*$/

export interface TemplateRules {
  format: RequestFormat
  /** Every field a lead may have, by key. */
  fields: ReadonlyMap<string, KnownField>
  /** Lead values this request may carry. */
  leadValues: readonly LeadValue[]
  /** Fields this request never carries, with the reason (contact data in a ping). */
  forbidden?: (fieldKey: string) => string | null
  /** A webhook delivery carries only deliverable fields. */
  deliverableOnly?: boolean
}

function entryProblems(e: TemplateEntry, rules: TemplateRules, at: string, out: Record<string, string>): void {
  let types: readonly FieldType[] = []
  if (e.source === 'field') {
    const field = rules.fields.get(e.value)
    const forbidden = rules.forbidden?.(e.value) ?? null
    if (e.value === '') out[`${at}.value`] = 'Choose a lead field'
    else if (!field) out[`${at}.value`] = `Unknown lead field "${e.value}"`
    else if (forbidden) out[`${at}.value`] = forbidden
    else if (rules.deliverableOnly && !field.deliverable)
      out[`${at}.value`] = `"${e.value}" is not deliverable: a customer never receives it`
    types = field ? [...field.types] : []
  } else if (e.source === 'lead') {
    if (!(rules.leadValues as readonly string[]).includes(e.value))
      out[`${at}.value`] =
        e.value in LEAD_VALUE_LABELS
          ? `${LEAD_VALUE_LABELS[e.value as LeadValue]} is not known when this request is sent`
          : `Unknown lead value "${e.value}"`
    else types = [LEAD_VALUE_TYPES[e.value as LeadValue]]
  } else {
    types = ['text']
  }
  const t = e.transform
  if (!t || out[`${at}.value`]) return
  if (t.kind === 'map') {
    if (Object.keys(t.values).length === 0) out[`${at}.transform`] = 'A value map needs at least one value'
    return
  }
  if (e.source === 'fixed' && t.kind !== 'case') {
    out[`${at}.transform`] = 'A fixed value is sent as written: change the value instead'
    return
  }
  const fits = TRANSFORM_TYPES[t.kind]
  if (!types.some((type) => fits.includes(type))) {
    const what = e.source === 'field' ? `"${e.value}" (${types.join(' / ')})` : `this value (${types.join(' / ')})`
    out[`${at}.transform`] = `${TRANSFORM_NAMES[t.kind]} does not fit ${what}`
  }
}

/**
 * Problems with one template, keyed by input path (`request.post.entries.2.value`), each in
 * words an operator can act on. An empty result means the template can be saved.
 */
export function templateProblems(template: RequestTemplate, rules: TemplateRules, path: string): Record<string, string> {
  const out: Record<string, string> = {}
  const nested = rules.format === 'json' || rules.format === 'xml'
  const seen = new Map<string, number>()
  template.entries.forEach((e, i) => {
    const at = `${path}.entries.${i}`
    const key = e.key.trim()
    if (seen.has(key)) out[`${at}.key`] = `"${key}" is sent twice`
    seen.set(key, i)
    if (nested && key.split('.').some((part) => part === ''))
      out[`${at}.key`] = 'A dotted key needs a name between its dots'
    else if (rules.format === 'xml' && !key.split('.').every((part) => XML_NAME.test(part)))
      out[`${at}.key`] = 'An XML element name starts with a letter and has no spaces'
    entryProblems(e, rules, at, out)
  })
  if (nested) {
    // `applicant` and `applicant.phone` cannot both be sent: one is a value, the other an object.
    for (const [key, i] of seen) {
      const parts = key.split('.')
      for (let n = 1; n < parts.length; n++) {
        const parent = parts.slice(0, n).join('.')
        if (seen.has(parent) && !out[`${path}.entries.${i}.key`])
          out[`${path}.entries.${i}.key`] = `"${parent}" is already a value; it cannot also hold "${key}"`
      }
    }
  }
  return out
}
