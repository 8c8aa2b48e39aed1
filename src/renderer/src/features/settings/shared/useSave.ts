import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import type { Method, Result } from '../../../../../shared/api/contract'
import { ApiError } from '../../../api/client'
import { useApiMutation } from '../../../api/hooks'

/** The problem in one line: the message, and each field's reason when the input was refused. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error)
  const fields = Object.entries(error.fields ?? {})
  if (fields.length === 0) return error.message
  return `${error.message}: ${fields.map(([k, v]) => `${k} — ${v}`).join('; ')}`
}

/**
 * A configuration write with the usual feedback: a short confirmation, or the error as the main
 * process worded it. Queries of the touched areas refetch at once (the push event does too, but
 * the screen should not wait for it).
 */
export function useSave<M extends Method>(
  method: M,
  options: {
    success?: string | ((data: Result<M>) => string)
    areas?: string[]
    onSuccess?: (data: Result<M>) => void
  } = {},
) {
  const client = useQueryClient()
  const areas = options.areas ?? [method.split('/')[0] ?? '']
  return useApiMutation(method, {
    onSuccess: async (data) => {
      if (options.success)
        notifications.show({
          color: 'teal',
          autoClose: 2500,
          message: typeof options.success === 'function' ? options.success(data) : options.success,
        })
      options.onSuccess?.(data)
      // Awaited, so a caller's onSettled sees the refreshed data (no flicker back to the old value).
      await client.invalidateQueries({
        predicate: (q) => typeof q.queryKey[0] === 'string' && areas.includes(q.queryKey[0].split('/')[0] ?? ''),
      })
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: describeError(error) }),
  })
}
