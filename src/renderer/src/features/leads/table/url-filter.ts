import { type LeadFilter, leadFilterSchema } from '../../../../../shared/api/leads'

/**
 * Other screens open the leads table on a filter through the address (`#/leads?filter=…`), e.g.
 * a report's unsold reason: the table takes it over as its filter, then the address is cleared.
 */
export function leadsLink(filter: LeadFilter): string {
  return `/leads?filter=${encodeURIComponent(JSON.stringify(filter))}`
}

export function filterFromSearch(search: URLSearchParams): LeadFilter | null {
  const text = search.get('filter')
  if (!text) return null
  try {
    const parsed = leadFilterSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
