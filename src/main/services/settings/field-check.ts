import type { FieldType, FieldValidation } from '../../../shared/domain/config'

export interface FieldRule {
  key: string
  type: FieldType
  required: boolean
  validation: FieldValidation
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function empty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
}

/**
 * Why a stored value would fail the field's rule, or null when it passes. Used to warn before a
 * field change is saved; it mirrors the intake validation rules (required, type, pattern, min/max
 * as a number for number fields and as a length for text, choices).
 */
export function fieldProblem(rule: FieldRule, value: unknown): string | null {
  if (empty(value)) return rule.required ? 'missing' : null
  const text = String(value).trim()
  const v = rule.validation
  switch (rule.type) {
    case 'number': {
      const n = Number(text)
      if (!Number.isFinite(n)) return `not a number: ${text}`
      if (v.min !== undefined && n < v.min) return `${n} is below ${v.min}`
      if (v.max !== undefined && n > v.max) return `${n} is above ${v.max}`
      break
    }
    case 'email':
      if (!EMAIL.test(text)) return `not an email address: ${text}`
      break
    case 'zip':
      if (!/^\d{5}(-?\d{4})?$/.test(text)) return `not a ZIP code: ${text}`
      break
    case 'date':
      if (Number.isNaN(Date.parse(text))) return `not a date: ${text}`
      break
    case 'boolean':
      if (!['true', 'false', '1', '0', 'yes', 'no'].includes(text.toLowerCase())) return `not yes/no: ${text}`
      break
    case 'choice':
      if (v.choices && !v.choices.some((c) => c.toLowerCase() === text.toLowerCase()))
        return `"${text}" is not one of the choices`
      break
    default:
      if (v.min !== undefined && text.length < v.min) return `shorter than ${v.min} characters`
      if (v.max !== undefined && text.length > v.max) return `longer than ${v.max} characters`
  }
  if (v.pattern) {
    let re: RegExp | null = null
    try {
      re = new RegExp(v.pattern)
    } catch {
      return null
    }
    if (!re.test(text)) return `does not match ${v.pattern}`
  }
  return null
}

/** Problems with the rule itself, keyed by input path, before anything is stored. */
export function ruleProblems(type: FieldType, v: FieldValidation): Record<string, string> {
  const problems: Record<string, string> = {}
  if (v.pattern) {
    try {
      new RegExp(v.pattern)
    } catch {
      problems['field.validation.pattern'] = 'This is not a valid regular expression'
    }
  }
  if (v.min !== undefined && v.max !== undefined && v.min > v.max)
    problems['field.validation.max'] = 'Maximum must be at least the minimum'
  if (type === 'choice' && (!v.choices || v.choices.length === 0))
    problems['field.validation.choices'] = 'A choice field needs at least one choice'
  return problems
}
