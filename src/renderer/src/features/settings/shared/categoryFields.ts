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
