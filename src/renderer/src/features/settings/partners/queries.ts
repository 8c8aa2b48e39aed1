import { useApiQuery } from '../../../api/hooks'

/** The lead fields templates may name (every category's fields and the contact fields). */
export function useTemplateFields() {
  return useApiQuery('partners/templateFields', {})
}
