import type { LeadField } from '../../../../../shared/api/leads'

/**
 * The category's rules, checked in the form so the operator sees mistakes before saving; the
 * main process checks the same rules again and its answer wins.
 */
export function validateField(field: LeadField, raw: string): string | null {
  const value = raw.trim()
  if (!value) return field.required ? `${field.label} is required` : null
  const v = field.validation
  switch (field.type) {
    case 'email':
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return 'Enter a valid email address'
      break
    case 'phone':
      if (value.replace(/\D/g, '').length < 10) return 'Enter a phone number with at least 10 digits'
      break
    case 'zip':
      if (!/^\d{5}(-\d{4})?$/.test(value)) return 'Enter a 5-digit ZIP code'
      break
    case 'number': {
      const n = Number(value)
      if (!Number.isFinite(n)) return 'Enter a number'
      if (v.min !== undefined && n < v.min) return `At least ${v.min}`
      if (v.max !== undefined && n > v.max) return `At most ${v.max}`
      break
    }
    case 'date':
      if (Number.isNaN(Date.parse(value))) return 'Enter a date (YYYY-MM-DD)'
      break
    case 'boolean':
      if (!['true', 'false', 'yes', 'no', '1', '0'].includes(value.toLowerCase())) return 'Enter yes or no'
      break
    case 'choice':
      if (v.choices && !v.choices.includes(value)) return `Choose one of: ${v.choices.join(', ')}`
      break
    default:
      if (v.min !== undefined && value.length < v.min) return `At least ${v.min} characters`
      if (v.max !== undefined && value.length > v.max) return `At most ${v.max} characters`
  }
  if (v.pattern) {
    try {
      if (!new RegExp(v.pattern).test(value)) return `${field.label} does not have the expected format`
    } catch {
      // A broken pattern in the settings is the settings screen's problem, not the operator's.
    }
  }
  return null
}

/** The typed value sent for a detail field. */
export function fieldValue(field: LeadField | undefined, raw: string): string | number | boolean | null {
  const value = raw.trim()
  if (!value) return null
  if (field?.type === 'number') return Number(value)
  if (field?.type === 'boolean') return ['true', 'yes', '1'].includes(value.toLowerCase())
  return value
}
