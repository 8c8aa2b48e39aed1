import {
  useMutation,
  type UseMutationOptions,
  useQuery,
  useQueryClient,
  type UseQueryOptions,
} from '@tanstack/react-query'
import { useEffect } from 'react'
import type { Input, Method, Result } from '../../../shared/api/contract'
import { invalidateAreas, onChangedAreas } from './changes'
import { type ApiError, call } from './client'

/** Query key = [method, input]; the area (`leads` of `leads/list`) is what push events invalidate. */
export function useApiQuery<M extends Method>(
  method: M,
  input: Input<M>,
  options: Omit<UseQueryOptions<Result<M>, ApiError>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<Result<M>, ApiError>({
    queryKey: [method, input],
    queryFn: () => (call as (m: M, i: Input<M>) => Promise<Result<M>>)(method, input),
    ...options,
  })
}

export function useApiMutation<M extends Method>(
  method: M,
  options: Omit<UseMutationOptions<Result<M>, ApiError, Input<M>>, 'mutationFn'> = {},
) {
  return useMutation<Result<M>, ApiError, Input<M>>({
    mutationFn: (input) => (call as (m: M, i: Input<M>) => Promise<Result<M>>)(method, input),
    ...options,
  })
}

/** Refetches the queries of every area the main process says has changed, a burst of changes at a time. */
export function useChangeInvalidation(): void {
  const client = useQueryClient()
  useEffect(() => onChangedAreas((areas) => invalidateAreas(client, areas)), [client])
}
