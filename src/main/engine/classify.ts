import type { ConditionGroup } from '../../shared/domain/config'
import { describeGroup, matchesGroup } from './conditions'

export interface LeadTypeRule {
  id: number
  name: string
  priority: number
  isFallback: boolean
  conditions: ConditionGroup | null
}

export interface CategoryRule {
  id: number
  slug: string
  name: string
  archived: boolean
  matchConditions: ConditionGroup | null
}

/**
 * Lead type by priority: the lowest priority number is tried first; equal priorities go by id
 * (older type first) so the choice never depends on load order. A non-fallback type without
 * conditions matches everything. When none matches, the category's fallback type takes the lead;
 * without one the lead is Uncategorized (leadTypeId null).
 */
export function classifyLeadType(
  types: LeadTypeRule[],
  fields: Record<string, unknown>,
): { leadTypeId: number | null; reason: string } {
  const ordered = types.filter((t) => !t.isFallback).sort((a, b) => a.priority - b.priority || a.id - b.id)
  for (const t of ordered) {
    if (matchesGroup(t.conditions, fields)) {
      return { leadTypeId: t.id, reason: `matched ${t.name} (priority ${t.priority}): ${describeGroup(t.conditions)}` }
    }
  }
  const fallback = types.find((t) => t.isFallback)
  if (fallback) return { leadTypeId: fallback.id, reason: `no lead type matched; fallback ${fallback.name}` }
  return { leadTypeId: null, reason: 'no lead type matched and the category has no fallback' }
}

/**
 * Category from the request (id or slug) when given, else the first active category (by id) whose
 * match conditions hold. A category without match conditions is only chosen explicitly, never by
 * matching, otherwise every lead would fall into it.
 */
export function classifyCategory(
  categories: CategoryRule[],
  req: { categoryId?: number | null; categorySlug?: string | null },
  fields: Record<string, unknown>,
): { categoryId: number | null; reason: string } {
  if (req.categoryId != null) {
    const c = categories.find((x) => x.id === req.categoryId && !x.archived)
    return c
      ? { categoryId: c.id, reason: `category ${c.name} given` }
      : { categoryId: null, reason: `category #${req.categoryId} not found` }
  }
  if (req.categorySlug) {
    const slug = req.categorySlug.trim().toLowerCase()
    const c = categories.find((x) => x.slug === slug && !x.archived)
    return c
      ? { categoryId: c.id, reason: `category ${c.name} given` }
      : { categoryId: null, reason: `category "${req.categorySlug}" not found` }
  }
  const sorted = categories.filter((c) => !c.archived && c.matchConditions !== null).sort((a, b) => a.id - b.id)
  for (const c of sorted) {
    if (matchesGroup(c.matchConditions, fields)) {
      return { categoryId: c.id, reason: `matched category ${c.name}: ${describeGroup(c.matchConditions)}` }
    }
  }
  return { categoryId: null, reason: 'no category matched' }
}
