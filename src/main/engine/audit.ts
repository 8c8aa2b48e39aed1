import type { AuditRule } from '../../shared/domain/config'
import { describeGroup, matchesGroup } from './conditions'

export interface Chance {
  next(): number
}

export type AuditDecision = { audit: true; reason: string; data: unknown } | { audit: false; reason: string }

/**
 * Conditions first, then the source list, then sampling. Chance is drawn only when sampling is on,
 * so a workspace without sampling never consumes random numbers (tests stay exact). A draw below
 * samplePercent/100 selects the lead: 10 % samples draws in [0, 0.1).
 */
export function auditDecision(
  rule: AuditRule,
  values: Record<string, unknown>,
  sourceId: number | null,
  chance: Chance,
): AuditDecision {
  if (rule.conditions !== null && rule.conditions.conditions.length > 0 && matchesGroup(rule.conditions, values)) {
    return {
      audit: true,
      reason: `audit condition matched: ${describeGroup(rule.conditions)}`,
      data: { by: 'conditions' },
    }
  }
  if (sourceId !== null && rule.sourceIds.includes(sourceId)) {
    return { audit: true, reason: `source #${sourceId} always goes to audit`, data: { by: 'source', sourceId } }
  }
  if (rule.samplePercent > 0) {
    const draw = chance.next()
    if (draw * 100 < rule.samplePercent) {
      return {
        audit: true,
        reason: `sampled for audit (${rule.samplePercent}% of leads)`,
        data: { by: 'sample', percent: rule.samplePercent, draw },
      }
    }
    return { audit: false, reason: `not sampled for audit (${rule.samplePercent}%)` }
  }
  return { audit: false, reason: 'no audit condition matched' }
}
