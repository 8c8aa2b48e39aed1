import type { IntakeLimits } from '../../shared/domain/config'
import { reply } from './replies'
import type { IntakeReply } from './types'

/** A lone UTF-16 surrogate: with the `u` flag a well-formed pair is one code point and never matches. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u
/** Deeper than this a lead is not a lead; also keeps the walk below from recursing without end. */
const MAX_DEPTH = 8

/**
 * Checks the body against the intake's limits before anything reads it as a lead: how many fields,
 * how long their names and values, and that every string is well-formed UTF-16 (a lone surrogate
 * would be stored as replacement characters). The first problem is answered 422, naming the field.
 */
export function checkLimits(body: Record<string, unknown>, limits: IntakeLimits): IntakeReply | null {
  let fields = 0
  const problem = (field: string, message: string): IntakeReply =>
    reply.validation({ [field.slice(0, 100) || '_']: message }, message)
  const walk = (value: unknown, path: string, depth: number): IntakeReply | null => {
    if (depth > MAX_DEPTH) return problem(path, `Fields may be nested at most ${MAX_DEPTH} levels deep`)
    if (typeof value === 'string') {
      if (value.length > limits.maxValueLength)
        return problem(path, `The value is longer than ${limits.maxValueLength} characters`)
      if (LONE_SURROGATE.test(value)) return problem(path, 'The value is not valid Unicode text (a lone surrogate)')
      return null
    }
    if (value === null || typeof value !== 'object') return null
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value)
    for (const [key, child] of entries) {
      fields++
      if (fields > limits.maxFields) return problem('_', `A lead may have at most ${limits.maxFields} fields`)
      const name = path === '' ? key : `${path}.${key}`
      if (key.length > limits.maxKeyLength)
        return problem(name, `The field name is longer than ${limits.maxKeyLength} characters`)
      if (LONE_SURROGATE.test(key)) return problem('_', 'A field name is not valid Unicode text (a lone surrogate)')
      if (key === '__proto__') return problem('_', 'A field may not be named __proto__')
      const found = walk(child, name, depth + 1)
      if (found) return found
    }
    return null
  }
  return walk(body, '', 0)
}

/** An object without a prototype: a form field named `__proto__` is then only a name. */
const record = (): Record<string, unknown> => Object.create(null) as Record<string, unknown>

/** Renames the body's top-level keys by the source's aliases (`phone_1` → `phone`); an alias never overwrites. */
export function applyAliases(
  body: Record<string, unknown>,
  aliases: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const names = Object.keys(aliases)
  if (names.length === 0) return body
  const out = record()
  for (const [key, value] of Object.entries(body)) {
    const target = Object.hasOwn(aliases, key) ? (aliases[key] ?? key) : key
    if (target !== key && Object.hasOwn(body, target)) out[key] = value
    else out[target] = value
  }
  return out
}

/** A form's fields: a name sent more than once keeps its last value, as most form handlers do. */
export function formFields(flat: Record<string, unknown>): Record<string, unknown> {
  const out = record()
  for (const [name, value] of Object.entries(flat)) out[name] = Array.isArray(value) ? value[value.length - 1] : value
  return out
}

/**
 * Nested objects as dotted names, the way a form sends them: `{ mortgage: { property: { state } } }`
 * and the form field `mortgage.property.state` are the same field, which is a category's field key
 * when one is named so (or an alias maps it to one) and otherwise an extra detail of the lead.
 */
export function flattenNested(body: Record<string, unknown>): Record<string, unknown> {
  let nested = false
  for (const value of Object.values(body)) if (isPlainObject(value)) nested = true
  if (!nested) return body
  const out = record()
  const walk = (node: Record<string, unknown>, prefix: string): void => {
    for (const [key, value] of Object.entries(node)) {
      if (isPlainObject(value)) walk(value, `${prefix}${key}.`)
      else out[`${prefix}${key}`] = value
    }
  }
  walk(body, '')
  return out
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
