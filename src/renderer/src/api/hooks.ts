import {
  useMutation,
  type UseMutationOptions,
  useQuery,
  useQueryClient,
  type UseQueryOptions,
} from '@tanstack/react-query'
import { useEffect } from 'react'
import type { Input, Method, Result } from '../../../shared/api/contract'
import { type ApiError, call, on } from './client'

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

/** Refetches the queries of every area the main process says has changed. */
export function useChangeInvalidation(): void {
  const client = useQueryClient()
  useEffect(
    () =>
      on('changed', ({ areas }) => {
        void client.invalidateQueries({
          predicate: (q) => typeof q.queryKey[0] === 'string' && areas.includes(q.queryKey[0].split('/')[0] ?? ''),
        })
      }),
    [client],
  )
}
