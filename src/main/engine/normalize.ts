import { readPhone } from './phone'

/**
 * Normalised forms make duplicates comparable and conditions predictable: the same person typed
 * three ways must look the same. Each function returns null for a value it cannot read.
 */

export function normalizeText(v: unknown): string | null {
  if (v === undefined || v === null) return null
  if (typeof v === 'string') {
    const t = v.trim()
    return t === '' ? null : t
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return null
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function normalizeEmail(v: unknown): string | null {
  const t = normalizeText(v)
  if (t === null) return null
  const lower = t.toLowerCase()
  return EMAIL.test(lower) ? lower : null
}

/**
 * E.164 (`+14155550123`), US when no country code is given, any country accepted; the extension
 * is left out because it does not identify the person (see `readPhone` for the rules).
 */
export function normalizePhone(v: unknown): string | null {
  const t = normalizeText(v)
  if (t === null) return null
  const phone = readPhone(t, null)
  return phone.ok ? phone.number : null
}

/** Five-digit US zip; ZIP+4 keeps its first five digits. */
export function normalizeZip(v: unknown): string | null {
  const t = normalizeText(v)
  if (t === null) return null
  const m = /^(\d{5})(?:[-\s]?\d{4})?$/.exec(t)
  return m ? (m[1] ?? null) : null
}

export function normalizeNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  const t = normalizeText(v)
  if (t === null) return null
  const n = Number(t.replace(/,/g, ''))
  return Number.isFinite(n) ? n : null
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'on'])
const FALSE = new Set(['false', 'no', 'n', '0', 'off'])

export function normalizeBoolean(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v
  const t = normalizeText(v)
  if (t === null) return null
  const lower = t.toLowerCase()
  if (TRUE.has(lower)) return true
  if (FALSE.has(lower)) return false
  return null
}

/** A calendar date as YYYY-MM-DD; accepts ISO dates (with or without a time) and US M/D/YYYY. */
export function normalizeDate(v: unknown): string | null {
  const t = normalizeText(v)
  if (t === null) return null
  let y: number, m: number, d: number
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(t)
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t)
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])]
  else if (us) [y, m, d] = [Number(us[3]), Number(us[1]), Number(us[2])]
  else return null
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** US state as its two-letter code in upper case (names are left as typed, trimmed). */
export function normalizeState(v: unknown): string | null {
  const t = normalizeText(v)
  if (t === null) return null
  return /^[a-z]{2}$/i.test(t) ? t.toUpperCase() : t
}
