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

  // Leaves an empty selection as it is, so clearing it (on every filter change) renders nothing.
  const clear = useCallback(() => {
    setIds((s) => (s.size ? new Set() : s))
    setAllMatching(false)
    setExcluded((s) => (s.size ? new Set() : s))
  }, [])

  const isSelected = useCallback(
    (id: number) => (allMatching ? !excluded.has(id) : ids.has(id)),
    [allMatching, excluded, ids],
  )

  /** Applies the table's checkbox changes on the visible page. */
  const setPageSelection = useCallback(
    (pageIds: number[], selectedOnPage: Set<number>) => {
      const apply = (current: Set<number>, selectedMeans: boolean) => {
        const next = new Set(current)
        for (const id of pageIds) {
          if (selectedOnPage.has(id) === selectedMeans) next.add(id)
          else next.delete(id)
        }
        return next
      }
      if (allMatching) setExcluded((current) => apply(current, false))
      else setIds((current) => apply(current, true))
    },
    [allMatching],
  )
  const selectAllMatching = useCallback(() => {
    setAllMatching(true)
    setExcluded(new Set())
  }, [])

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
    selectAllMatching,
    clear,
  }
}
