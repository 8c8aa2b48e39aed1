import { CONTACT_FIELDS, type Contact } from '../../shared/domain/lead'
import {
  normalizeBoolean,
  normalizeDate,
  normalizeEmail,
  normalizeNumber,
  normalizePhone,
  normalizeState,
  normalizeText,
  normalizeZip,
} from './normalize'
import { readPhone } from './phone'
import type { FieldDef } from './types'

export type FieldValue = string | number | boolean
export type Values = Record<string, FieldValue>

export type ValidationResult = { ok: true; values: Values } | { ok: false; fields: Record<string, string> }

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
}

const patternCache = new Map<string, RegExp | null>()
function pattern(source: string): RegExp | null {
  let re = patternCache.get(source)
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${source})$`)
    } catch {
      re = null
    }
    patternCache.set(source, re)
  }
  return re
}

/** The longest value a field takes, in characters: RFC 5321 for email, the definition's max for text. */
export const SHORT_TEXT_LIMIT = 255
export const EMAIL_LIMIT = 254
export const LONG_TEXT_LIMIT = 10_000

export function lengthLimit(def: Pick<FieldDef, 'type' | 'validation'>): number {
  if (def.type === 'email') return EMAIL_LIMIT
  if (def.type === 'text' && def.validation.max !== undefined)
    return Math.min(LONG_TEXT_LIMIT, Math.max(1, def.validation.max))
  return SHORT_TEXT_LIMIT
}

function tooLong(length: number, limit: number): string {
  return `Too long: ${length.toLocaleString('en-US')} characters, at most ${limit.toLocaleString('en-US')}`
}

type Read = { value: FieldValue; ext?: string } | { error: string }

/** Reads one value by its field's type; returns the normalised value or the message for the operator. */
function readField(def: FieldDef, raw: unknown): Read {
  const v = def.validation
  // Checked before anything parses the value: a megabyte in a name field is refused, not trimmed.
  if (typeof raw === 'string' && raw.length > lengthLimit(def)) {
    const length = raw.trim().length
    if (length > lengthLimit(def))
      return {
        error:
          def.type === 'text' && v.max !== undefined
            ? `Must be at most ${v.max} characters`
            : tooLong(length, lengthLimit(def)),
      }
  }
  let value: FieldValue | null
  switch (def.type) {
    case 'email':
      value = normalizeEmail(raw)
      if (value === null) return { error: 'Enter a valid email address' }
      break
    case 'phone': {
      const t = normalizeText(raw)
      if (t === null) return { error: 'Enter a phone number' }
      const phone = readPhone(t, v.countries)
      if (!phone.ok) return { error: phone.error }
      return phone.ext === null ? { value: phone.number } : { value: phone.number, ext: phone.ext }
    }
    case 'zip':
      value = normalizeZip(raw)
      if (value === null) return { error: 'Enter a 5-digit zip code' }
      break
    case 'number': {
      const n = normalizeNumber(raw)
      if (n === null) return { error: 'Enter a number' }
      if (v.min !== undefined && n < v.min) return { error: `Must be at least ${v.min}` }
      if (v.max !== undefined && n > v.max) return { error: `Must be at most ${v.max}` }
      return { value: n }
    }
    case 'date':
      value = normalizeDate(raw)
      if (value === null) return { error: 'Enter a date (YYYY-MM-DD)' }
      break
    case 'boolean': {
      const b = normalizeBoolean(raw)
      if (b === null) return { error: 'Enter yes or no' }
      return { value: b }
    }
    case 'choice': {
      const t = normalizeText(raw)
      const choices = v.choices ?? []
      // Case-insensitive, stored as the configured spelling.
      const found = t === null ? undefined : choices.find((c) => c.toLowerCase() === t.toLowerCase())
      if (found === undefined) return { error: `Choose one of: ${choices.join(', ')}` }
      return { value: found }
    }
    case 'text':
      value = def.key === 'state' ? normalizeState(raw) : normalizeText(raw)
      if (value === null) return { error: 'Enter text' }
      // For text, min/max bound the length.
      if (v.min !== undefined && value.length < v.min) return { error: `Must be at least ${v.min} characters` }
      if (v.max !== undefined && value.length > v.max) return { error: `Must be at most ${v.max} characters` }
      break
  }
  if (v.pattern) {
    const re = pattern(v.pattern)
    if (re && !re.test(value)) return { error: 'Does not have the expected format' }
  }
  return { value }
}

/** Fields the category does not define are kept (trimmed); contact ones are still normalised by name. */
function readExtra(key: string, raw: unknown): FieldValue | null {
  if (typeof raw === 'number' || typeof raw === 'boolean') return raw
  const t = normalizeText(raw)
  if (t === null) return null
  switch (key) {
    case 'email':
      return normalizeEmail(t) ?? t
    case 'phone':
      return normalizePhone(t) ?? t
    case 'zip':
      return normalizeZip(t) ?? t
    case 'state':
      return normalizeState(t)
    default:
      return t
  }
}

/** Where a phone field's extension is kept: `phone` → `phone_ext`. */
export function extensionKey(key: string): string {
  return `${key}_ext`
}

/**
 * Validates raw lead data against a category's fields. `ping` mode only requires the fields marked
 * required for ping (a ping carries partial data). Every failing field gets its own message.
 */
export function validateLead(
  defs: readonly FieldDef[],
  raw: Record<string, unknown>,
  mode: 'post' | 'ping' = 'post',
): ValidationResult {
  const errors: Record<string, string> = {}
  const values: Values = {}
  const defined = new Set<string>()
  for (const def of defs) {
    defined.add(def.key)
    const input = raw[def.key]
    if (isBlank(input)) {
      if (mode === 'post' ? def.required : def.requiredForPing) errors[def.key] = `${def.label} is required`
      continue
    }
    const read = readField(def, input)
    if ('error' in read) errors[def.key] = read.error
    else {
      values[def.key] = read.value
      // The extension travels with the lead as `<field>_ext` (e.g. `phone_ext`), unless given itself.
      if (read.ext !== undefined && isBlank(raw[extensionKey(def.key)])) values[extensionKey(def.key)] = read.ext
    }
  }
  for (const [key, input] of Object.entries(raw)) {
    if (defined.has(key)) continue
    if (typeof input === 'object' && input !== null) {
      errors[key] = 'Must be a single value'
      continue
    }
    if (typeof input === 'string' && input.length > LONG_TEXT_LIMIT && input.trim().length > LONG_TEXT_LIMIT) {
      errors[key] = tooLong(input.trim().length, LONG_TEXT_LIMIT)
      continue
    }
    const v = readExtra(key, input)
    if (v !== null) values[key] = v
  }
  return Object.keys(errors).length > 0 ? { ok: false, fields: errors } : { ok: true, values }
}

/** Splits normalised values into the lead's contact columns and its details. */
export function splitValues(values: Values): { contact: Contact; details: Record<string, FieldValue> } {
  const s = (key: string): string | null => {
    const v = values[key]
    return v === undefined ? null : String(v)
  }
  const contact: Contact = {
    first_name: s('first_name'),
    last_name: s('last_name'),
    email: s('email'),
    phone: s('phone'),
    address: s('address'),
    city: s('city'),
    county: s('county'),
    state: s('state'),
    zip: s('zip'),
  }
  const details: Record<string, FieldValue> = {}
  for (const [k, v] of Object.entries(values)) {
    if (!(CONTACT_FIELDS as readonly string[]).includes(k)) details[k] = v
  }
  return { contact, details }
}

/** The flat view conditions and duplicate rules test: contact and details together. */
export function joinValues(contact: Partial<Contact>, details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...details }
  for (const key of CONTACT_FIELDS) {
    const v = contact[key]
    if (v !== null && v !== undefined) out[key] = v
  }
  return out
}
