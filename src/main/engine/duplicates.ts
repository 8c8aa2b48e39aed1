import type { DuplicateRule } from '../../shared/domain/config'

export const DAY_MS = 86_400_000

/** The keys of a lead a duplicate check looks up; an empty value never matches anything. */
export function duplicateKeys(rule: DuplicateRule, values: Record<string, unknown>): { key: string; value: string }[] {
  if (rule.days <= 0) return []
  const out: { key: string; value: string }[] = []
  for (const key of rule.keys) {
    const v = values[key]
    if (v === undefined || v === null) continue
    const text = String(v).trim()
    if (text !== '') out.push({ key, value: text })
  }
  return out
}

/** Leads received at or after this time are inside the look-back window. */
export function windowStart(rule: DuplicateRule, now: number): number {
  return now - rule.days * DAY_MS
}

export function describeDuplicate(uuid: string, key: string, days: number): string {
  return `duplicate of ${uuid} on ${key} within ${days} day${days === 1 ? '' : 's'}`
}
