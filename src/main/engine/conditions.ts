import { OPERATOR_LABELS, type Condition, type ConditionGroup } from '../../shared/domain/config'

/**
 * Condition groups test a lead's normalised fields. Text comparisons ignore case and surrounding
 * space, because operators type conditions by hand and leads arrive from many sources.
 * A field that is missing or empty only satisfies `is_empty` (and `not_equals`/`regex` never match it
 * by accident): an absent value must not put a lead into a type it does not belong to.
 */

type Value = Condition['value']

function isGroup(c: Condition | ConditionGroup): c is ConditionGroup {
  return 'match' in c
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
}

function text(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  return String(v).trim().toLowerCase()
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim())
    return Number.isFinite(n) ? n : null
  }
  return null
}

function list(v: Value): (string | number)[] {
  if (v === undefined) return []
  return Array.isArray(v) ? v : [v]
}

/** Equal as numbers when both sides are numeric, else as case-insensitive text. */
function same(actual: unknown, expected: string | number): boolean {
  const a = num(actual)
  const b = num(expected)
  if (a !== null && b !== null) return a === b
  return text(actual) === text(expected)
}

const regexCache = new Map<string, RegExp | null>()
function compile(pattern: string): RegExp | null {
  let re = regexCache.get(pattern)
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'i')
    } catch {
      // An invalid pattern matches nothing rather than failing the whole lead.
      re = null
    }
    if (regexCache.size > 1000) regexCache.clear()
    regexCache.set(pattern, re)
  }
  return re
}

export function matchesCondition(c: Condition, fields: Record<string, unknown>): boolean {
  const actual = fields[c.field]
  if (c.op === 'is_empty') return isEmpty(actual)
  if (c.op === 'not_empty') return !isEmpty(actual)
  if (isEmpty(actual)) return false
  const values = list(c.value)
  const [first, second] = values
  switch (c.op) {
    case 'equals':
      return first !== undefined && same(actual, first)
    case 'not_equals':
      return first !== undefined && !same(actual, first)
    case 'in':
      return values.some((v) => same(actual, v))
    case 'contains':
      return first !== undefined && text(actual).includes(text(first))
    case 'starts_with':
      return first !== undefined && text(actual).startsWith(text(first))
    case 'gt':
    case 'lt': {
      const a = num(actual)
      const b = first !== undefined ? num(first) : null
      if (a === null || b === null) return false
      return c.op === 'gt' ? a > b : a < b
    }
    case 'between': {
      // Inclusive on both ends, so "between 18 and 65" includes 18 and 65.
      const a = num(actual)
      const lo = first !== undefined ? num(first) : null
      const hi = second !== undefined ? num(second) : null
      if (a === null || lo === null || hi === null) return false
      return a >= Math.min(lo, hi) && a <= Math.max(lo, hi)
    }
    case 'regex': {
      const re = first !== undefined ? compile(String(first)) : null
      return re !== null && re.test(String(actual))
    }
  }
}

/** A null group (no conditions configured) matches every lead; an empty group matches too. */
export function matchesGroup(group: ConditionGroup | null, fields: Record<string, unknown>): boolean {
  if (group === null) return true
  if (group.conditions.length === 0) return true
  const all = group.match === 'all'
  for (const c of group.conditions) {
    const ok = isGroup(c) ? matchesGroup(c, fields) : matchesCondition(c, fields)
    if (all && !ok) return false
    if (!all && ok) return true
  }
  return all
}

/** The first condition of the group that fails, for decision traces; null when the group matches. */
export function firstFailure(group: ConditionGroup | null, fields: Record<string, unknown>): string | null {
  if (group === null || matchesGroup(group, fields)) return null
  if (group.match === 'any') return `none of: ${describeGroup(group)}`
  for (const c of group.conditions) {
    if (isGroup(c)) {
      if (!matchesGroup(c, fields)) return firstFailure(c, fields)
    } else if (!matchesCondition(c, fields)) {
      const actual = fields[c.field]
      return `${describeCondition(c)} (was ${isEmpty(actual) ? 'empty' : JSON.stringify(actual)})`
    }
  }
  return describeGroup(group)
}

function quote(v: string | number): string {
  return typeof v === 'number' ? String(v) : `"${v}"`
}

export function describeCondition(c: Condition): string {
  const label = OPERATOR_LABELS[c.op]
  const values = list(c.value)
  const [first, second] = values
  const show = (v: string | number | undefined): string => (v === undefined ? '?' : quote(v))
  switch (c.op) {
    case 'is_empty':
    case 'not_empty':
      return `${c.field} ${label}`
    case 'in':
      return `${c.field} ${label} ${values.map(quote).join(', ')}`
    case 'between':
      return `${c.field} ${label} ${show(first)} and ${show(second)}`
    case 'regex':
      return `${c.field} ${label} /${first === undefined ? '' : String(first)}/`
    default:
      return `${c.field} ${label} ${show(first)}`
  }
}

export function describeGroup(group: ConditionGroup | null): string {
  if (group === null || group.conditions.length === 0) return 'always'
  const parts = group.conditions.map((c) => (isGroup(c) ? `(${describeGroup(c)})` : describeCondition(c)))
  return parts.join(group.match === 'all' ? ' and ' : ' or ')
}
