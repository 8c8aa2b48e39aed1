import { keepPreviousData, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import type { LeadFilter } from '../../../../../shared/api/leads'
import type { LeadRow } from '../../../../../shared/domain/lead'
import { call } from '../../../api/client'
import { useApiQuery } from '../../../api/hooks'
import type { LeadsTableState } from './table-state'

/** How long a page may take before the table says it is loading. */
const SLOW_MS = 300
const NO_ROWS: LeadRow[] = []

export interface PageRequest {
  page: number
  pageSize: number
  sort: LeadsTableState['sort']
  filter: LeadFilter
}

/**
 * One page of leads. While the next page loads, the previous one stays on screen together with the
 * page number and sort it belongs to (`shown`), so a page turn that answers quickly changes the table
 * once, when its rows arrive; only a slow one shows the loader (`slow`).
 */
export function useLeadsPage(request: PageRequest) {
  const query = useApiQuery('leads/list', request, { placeholderData: keepPreviousData })
  const current = !query.isPlaceholderData && query.data !== undefined
  const [shown, setShown] = useState(request)
  // Adjusted while rendering (not in an effect), so the new rows and their page number commit together.
  if (current && shown !== request) setShown(request)

  const waiting = query.isPending || query.isPlaceholderData
  const [slowRequest, setSlowRequest] = useState<PageRequest | null>(null)
  useEffect(() => {
    if (!waiting) return
    const t = setTimeout(() => setSlowRequest(request), SLOW_MS)
    return () => clearTimeout(t)
  }, [waiting, request])

  // The next page is asked for as soon as this one is shown, so turning to it needs no round trip.
  const client = useQueryClient()
  const total = query.data?.total
  useEffect(() => {
    if (!current || total === undefined || request.page * request.pageSize >= total) return
    const next = { ...request, page: request.page + 1 }
    void client.prefetchQuery({ queryKey: ['leads/list', next], queryFn: () => call('leads/list', next) })
  }, [client, current, total, request])

  return {
    rows: query.error ? NO_ROWS : (query.data?.rows ?? NO_ROWS),
    /** Unknown while the first page loads or when loading failed. */
    total: query.error ? undefined : query.data?.total,
    shown,
    waiting,
    slow: waiting && slowRequest === request,
    error: query.error,
  }
}

/** The request object for the query, the same object while nothing in it changes. */
export function usePageRequest(page: number, state: LeadsTableState, filter: LeadFilter): PageRequest {
  const { pageSize, sort } = state
  return useMemo(() => ({ page, pageSize, sort, filter }), [page, pageSize, sort, filter])
}
