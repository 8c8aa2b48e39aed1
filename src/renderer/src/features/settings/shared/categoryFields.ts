import type { CategoryDetail } from '../../../../../shared/api/settings/categories'
import { useApiQuery } from '../../../api/hooks'
import type { FieldOption } from './ConditionBuilder'

/** The fields of a category as condition-builder options. */
export function useFieldOptions(categoryId: number | null): FieldOption[] {
  const query = useApiQuery('categories/get', { id: categoryId ?? 0 }, { enabled: categoryId !== null })
  return fieldOptions(query.data)
}

export function fieldOptions(category: CategoryDetail | undefined): FieldOption[] {
  return (category?.fields ?? []).map((f) => ({ value: f.key, label: f.label }))
}

/**
 * The client a lead came from (its metadata, not a field): audit conditions may test it, e.g.
 * hold every lead from one address block.
 */
export const CLIENT_FIELD_OPTIONS: FieldOption[] = [
  { value: 'ip_address', label: 'Client IP address' },
  { value: 'user_agent', label: 'Client user agent' },
]
