import type { ClassificationChange } from '../../../../../shared/api/leads'

/** "Lead type changed: A → B" (and the category where it changed), or that nothing changed. */
export function classificationMessage(c: ClassificationChange): string {
  if (!c.changed) return 'Already correctly classified — no change'
  const parts = [`Lead type changed: ${c.from.leadTypeName ?? 'none'} → ${c.to.leadTypeName ?? 'none'}`]
  if (c.from.categoryName !== c.to.categoryName) {
    parts.push(`Category changed: ${c.from.categoryName ?? 'none'} → ${c.to.categoryName ?? 'none'}`)
  }
  return parts.join('. ')
}
