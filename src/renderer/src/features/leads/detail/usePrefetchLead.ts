import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { Input, Method } from '../../../../../shared/api/contract'
import { call } from '../../../api/client'

/**
 * Starts loading a lead's detail the moment it is asked for (a click, a key), before the drawer has
 * rendered: the drawer's own queries then find the requests under way, and its parts load side by
 * side instead of one after the other. Keys are the drawer's (`useApiQuery` keys are [method, input]).
 */
export function usePrefetchLead(): (id: number) => void {
  const client = useQueryClient()
  return useCallback(
    (id: number) => {
      const prefetch = <M extends Method>(method: M, input: Input<M>) =>
        void client.prefetchQuery({
          queryKey: [method, input],
          queryFn: () => (call as (m: M, i: Input<M>) => Promise<unknown>)(method, input),
        })
      prefetch('leads/get', { id })
      prefetch('leads/fields', { id })
      prefetch('leads/pingpostRecords', { id })
    },
    [client],
  )
}
