import { useCallback, useMemo, useState } from 'react'
import type { LeadFilter, LeadSelection } from '../../../../../shared/api/leads'

/**
 * Row selection keyed by id. "Select all N matching" switches to filter + exclusions, so the
 * main process resolves the set: a million ids never travel to it.
 */
export function useLeadSelection(filter: LeadFilter, total: number) {
  const [ids, setIds] = useState<Set<number>>(new Set())
  const [allMatching, setAllMatching] = useState(false)
  const [excluded, setExcluded] = useState<Set<number>>(new Set())

  const clear = useCallback(() => {
    setIds(new Set())
    setAllMatching(false)
    setExcluded(new Set())
  }, [])

  const isSelected = (id: number) => (allMatching ? !excluded.has(id) : ids.has(id))

  /** Applies the table's checkbox changes on the visible page. */
  const setPageSelection = (pageIds: number[], selectedOnPage: Set<number>) => {
    if (allMatching) {
      const next = new Set(excluded)
      for (const id of pageIds) {
        if (selectedOnPage.has(id)) next.delete(id)
        else next.add(id)
      }
      setExcluded(next)
    } else {
      const next = new Set(ids)
      for (const id of pageIds) {
        if (selectedOnPage.has(id)) next.add(id)
        else next.delete(id)
      }
      setIds(next)
    }
  }

  const count = allMatching ? Math.max(0, total - excluded.size) : ids.size
  const selection: LeadSelection | null = useMemo(() => {
    if (allMatching) return { filter, exclude: [...excluded] }
    return ids.size ? { ids: [...ids] } : null
  }, [allMatching, filter, excluded, ids])

  return {
    count,
    allMatching,
    selection: count > 0 ? selection : null,
    isSelected,
    setPageSelection,
    selectAllMatching: () => {
      setAllMatching(true)
      setExcluded(new Set())
    },
    clear,
  }
}
