import { classifyCategory, classifyLeadType } from '../../engine/classify'
import { matchesGroup } from '../../engine/conditions'
import type { CategoryConfig, LeadTypeConfig, Snapshot } from './config'

export interface Classified {
  category: CategoryConfig | null
  leadType: LeadTypeConfig | null
  reasons: string[]
}

/** At intake: the category asked for (id, slug, else the source's default), else match conditions. */
export function categoryAtIntake(
  snap: Snapshot,
  req: { categoryId?: number | null; categorySlug?: string | null; sourceId: number | null },
  values: Record<string, unknown>,
): { category: CategoryConfig | null; explicit: boolean; reason: string } {
  let categoryId = req.categoryId ?? null
  const slug = req.categorySlug ?? null
  if (categoryId === null && !slug && req.sourceId !== null) {
    categoryId = snap.sources.get(req.sourceId)?.defaultCategoryId ?? null
  }
  const explicit = categoryId !== null || Boolean(slug)
  const r = classifyCategory(snap.categories, { categoryId, categorySlug: slug }, values)
  return {
    category: r.categoryId === null ? null : (snap.categoriesById.get(r.categoryId) ?? null),
    explicit,
    reason: r.reason,
  }
}

/**
 * Classification again (reprocess, reclassify, after an edit): the lead keeps its category while
 * that category's own match conditions (if any) still hold; otherwise another category whose
 * conditions match takes it; failing that it keeps the one it had.
 */
export function reclassifyCategory(
  snap: Snapshot,
  currentId: number | null,
  sourceId: number | null,
  values: Record<string, unknown>,
): { category: CategoryConfig | null; reason: string } {
  const current = currentId === null ? undefined : snap.categoriesById.get(currentId)
  const usable = current && !current.archived ? current : undefined
  if (usable && (usable.matchConditions === null || matchesGroup(usable.matchConditions, values))) {
    return { category: usable, reason: `category ${usable.name} kept` }
  }
  const matched = classifyCategory(snap.categories, {}, values)
  if (matched.categoryId !== null) {
    return { category: snap.categoriesById.get(matched.categoryId) ?? null, reason: matched.reason }
  }
  if (usable) return { category: usable, reason: `category ${usable.name} kept` }
  const byDefault = categoryAtIntake(snap, { sourceId }, values)
  return { category: byDefault.category, reason: byDefault.reason }
}

export function leadTypeOf(
  category: CategoryConfig,
  values: Record<string, unknown>,
): { leadType: LeadTypeConfig | null; reason: string } {
  const r = classifyLeadType(category.leadTypes, values)
  return {
    leadType: r.leadTypeId === null ? null : (category.leadTypes.find((t) => t.id === r.leadTypeId) ?? null),
    reason: r.reason,
  }
}

/** The plan of a lead type, else its category's default plan. */
export function planOf(snap: Snapshot, leadTypeId: number | null, categoryId: number | null) {
  const type = leadTypeId === null ? undefined : snap.leadTypesById.get(leadTypeId)
  if (type?.planId != null) {
    const plan = snap.plans.get(type.planId)
    if (plan) return plan
  }
  const category = categoryId === null ? undefined : snap.categoriesById.get(categoryId)
  if (category?.defaultPlanId != null) return snap.plans.get(category.defaultPlanId) ?? null
  return null
}
