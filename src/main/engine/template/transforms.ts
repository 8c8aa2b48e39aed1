import type { Transform } from '../../../shared/domain/template'
import { stateCode, US_STATES } from './states'

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 'on'])
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', 'off'])
const BOOLEAN_OUT = { 'Yes/No': ['Yes', 'No'], 'true/false': ['true', 'false'], '1/0': ['1', '0'] } as const

function text(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

function asBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value
  const t = text(value).trim().toLowerCase()
  return TRUE_WORDS.has(t) ? true : FALSE_WORDS.has(t) ? false : null
}

const pad = (n: number): string => String(n).padStart(2, '0')

/**
 * Year, month and day of a date as written: ISO (`2026-03-04`, with or without a time) is read as
 * written, without moving it across a time zone; `03/04/2026` is read the US way (month first).
 */
function dateParts(value: unknown): [number, number, number] | null {
  const t = text(value).trim()
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(t)
  if (iso) return [Number(iso[1]), Number(iso[2]), Number(iso[3])]
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t)
  if (us) return [Number(us[3]), Number(us[1]), Number(us[2])]
  const ms = typeof value === 'number' ? value : Date.parse(t)
  if (!Number.isFinite(ms)) return null
  const d = new Date(ms)
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]
}

function formatDate(value: unknown, format: Extract<Transform, { kind: 'date' }>['format']): string | null {
  const parts = dateParts(value)
  if (!parts) return null
  const [y, m, d] = parts
  switch (format) {
    case 'MM/DD/YYYY':
      return `${pad(m)}/${pad(d)}/${y}`
    case 'YYYY-MM-DD':
      return `${y}-${pad(m)}-${pad(d)}`
    case 'DD/MM/YYYY':
      return `${pad(d)}/${pad(m)}/${y}`
    case 'MM-DD-YYYY':
      return `${pad(m)}-${pad(d)}-${y}`
    case 'YYYYMMDD':
      return `${y}${pad(m)}${pad(d)}`
  }
}

function formatPhone(value: unknown, format: Extract<Transform, { kind: 'phone' }>['format']): string | null {
  let digits = text(value).replace(/\D/g, '')
  // A North American number with its country code: the buyer's formats are of the 10 digits.
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1)
  if (digits.length !== 10) return format === 'e164' && digits.length > 0 ? `+${digits}` : null
  switch (format) {
    case 'e164':
      return `+1${digits}`
    case '10_digits':
      return digits
    case 'us_pretty':
      return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`
  }
}

/**
 * The value in the buyer's vocabulary. A value the transform cannot read (a date that is not a
 * date) is sent as it is: the buyer's answer then says what it refused, which is clearer to an
 * operator than a silently dropped key.
 */
export function applyTransform(value: unknown, transform: Transform): unknown {
  switch (transform.kind) {
    case 'boolean': {
      const b = asBoolean(value)
      return b === null ? text(value) : BOOLEAN_OUT[transform.words][b ? 0 : 1]
    }
    case 'date':
      return formatDate(value, transform.format) ?? text(value)
    case 'phone':
      return formatPhone(value, transform.format) ?? text(value)
    case 'state': {
      const code = stateCode(text(value))
      if (code === null) return text(value)
      return transform.to === 'code' ? code : US_STATES[code]
    }
    case 'case':
      return transform.to === 'upper' ? text(value).toUpperCase() : text(value).toLowerCase()
    case 'map': {
      const key = text(value).trim().toLowerCase()
      const hit = Object.entries(transform.values).find(([ours]) => ours.trim().toLowerCase() === key)
      return hit ? hit[1] : value
    }
  }
}
